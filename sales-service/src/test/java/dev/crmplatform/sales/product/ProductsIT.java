package dev.crmplatform.sales.product;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class ProductsIT {

    @LocalServerPort
    int port;

    @Test
    void theCanonicalProductIsCreatedAndReadBack() {
        TenantClient api = TenantClient.newTenant(port);

        Response created = api.post("/api/v1/products",
                "{\"sku\":\"PRO-1\",\"name\":\"Pro plan\",\"listPrice\":{\"amount\":\"1200.00\",\"currency\":\"EUR\"}}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/products/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        JsonNode read = api.get("/api/v1/products/" + id).json();
        assertThat(read.get("sku").asString()).isEqualTo("PRO-1");
        assertThat(read.at("/listPrice/amount").asString()).isEqualTo("1200.00");
        assertThat(read.at("/listPrice/currency").asString()).isEqualTo("EUR");
        assertThat(read.get("currency").asString()).isEqualTo("EUR");
        assertThat(read.get("active").asBoolean()).isTrue();
    }

    @Test
    void theSkuIsUniquePerTenantOnly() {
        TenantClient api = TenantClient.newTenant(port);
        DealsApi.product(api, "DUP-1", "10.00", "EUR");

        Response duplicate = api.post("/api/v1/products",
                "{\"sku\":\"DUP-1\",\"name\":\"Again\",\"listPrice\":{\"amount\":\"5.00\",\"currency\":\"EUR\"}}");
        assertProblem(duplicate, 409, "duplicate");

        TenantClient other = TenantClient.newTenant(port);
        DealsApi.product(other, "DUP-1", "10.00", "EUR");
    }

    @Test
    void patchChangesNameListPriceAndActiveWithIfMatch() {
        TenantClient api = TenantClient.newTenant(port);
        String id = DealsApi.product(api, "PATCH-1", "10.00", "EUR");
        String path = "/api/v1/products/" + id;

        assertProblem(api.patch(path, "{\"name\":\"New\"}", null), 428, "precondition-required");
        Response patched = api.patch(path,
                "{\"name\":\"Renamed\",\"listPrice\":{\"amount\":\"12.50\",\"currency\":\"USD\"},\"active\":false}", "\"1\"");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().get("name").asString()).isEqualTo("Renamed");
        assertThat(patched.json().at("/listPrice/amount").asString()).isEqualTo("12.50");
        assertThat(patched.json().get("currency").asString()).isEqualTo("USD");
        assertThat(patched.json().get("active").asBoolean()).isFalse();

        assertProblem(api.patch(path, "{\"name\":\"Stale\"}", "\"1\""), 412, "precondition-failed");
        assertProblem(api.patch(path, "{\"sku\":\"OTHER\"}", "\"2\""), 400, "validation-failed");
        assertProblem(api.patch(path, "{\"active\":\"yes\"}", "\"2\""), 400, "validation-failed");
        assertProblem(api.patch(path, "{\"listPrice\":{\"amount\":\"-1\",\"currency\":\"EUR\"}}", "\"2\""), 400,
                "validation-failed");
    }

    @Test
    void listFiltersByActiveAndQueryAndPagesByCursor() {
        TenantClient api = TenantClient.newTenant(port);
        for (int i = 1; i <= 5; i++) {
            DealsApi.product(api, "SKU-" + i, i + ".00", "EUR");
        }
        String basic = DealsApi.product(api, "BASIC", "1.00", "EUR");
        api.patch("/api/v1/products/" + basic, "{\"active\":false}", "\"1\"");

        assertThat(skus(api.get("/api/v1/products?active=false").json())).containsExactly("BASIC");
        assertThat(skus(api.get("/api/v1/products?q=basic").json())).containsExactly("BASIC");
        assertThat(skus(api.get("/api/v1/products?q=Ku-3").json())).containsExactly("SKU-3");

        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/products?active=true&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            all.addAll(skus(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(all).containsExactly("SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5");
        assertThat(skus(api.get("/api/v1/products?sort=-sku&limit=1").json())).containsExactly("SKU-5");
    }

    @Test
    void anotherTenantsProductIsNotFoundAndBadInputsAreProblems() {
        TenantClient api = TenantClient.newTenant(port);
        String id = DealsApi.product(api, "MINE", "1.00", "EUR");
        TenantClient other = TenantClient.newTenant(port);

        assertProblem(other.get("/api/v1/products/" + id), 404, "not-found");
        assertProblem(other.patch("/api/v1/products/" + id, "{\"name\":\"x\"}", "\"1\""), 404, "not-found");
        assertThat(other.get("/api/v1/products").json().get("items")).isEmpty();

        assertProblem(api.post("/api/v1/products", "{\"sku\":\"X\",\"name\":\"X\",\"listPrice\":{\"amount\":\"1.00\",\"currency\":\"eur\"}}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/products", "{\"sku\":\"bad sku!\",\"name\":\"X\",\"listPrice\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/products", "{\"sku\":\"X\",\"name\":\"X\"}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/products", "{\"sku\":"), 400, "malformed-json");
        assertProblem(api.get("/api/v1/products?sort=price"), 400, "validation-failed");
        assertProblem(api.get("/api/v1/products?cursor=nonsense"), 400, "invalid-cursor");
        assertProblem(api.get("/api/v1/products/not-a-uuid"), 400, "invalid-value");
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("items").forEach(p -> skus.add(p.get("sku").asString()));
        return skus;
    }
}
