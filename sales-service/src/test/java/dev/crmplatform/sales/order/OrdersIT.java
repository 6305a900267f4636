package dev.crmplatform.sales.order;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.sales.support.TenantSql;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Orders and the credit check against the replica's credit limit. */
@CrmIntegrationTest
class OrdersIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    private UUID customer(TenantClient api, String limit) {
        return ReplicaFixtures.customer(dataSource, api.tenant(), "Credit Co", limit == null ? null : new BigDecimal(limit),
                "EUR");
    }

    @Test
    void theCanonicalOrderIsPlaced() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "5000.00");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");

        Response placed = api.post("/api/v1/orders", "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\""
                + product + "\",\"quantity\":2,\"unitPrice\":{\"amount\":\"1200.00\",\"currency\":\"EUR\"}}]}");

        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = placed.json();
        String id = order.get("id").asString();
        assertThat(placed.header("Location")).isEqualTo("/api/v1/orders/" + id);
        assertThat(placed.header("ETag")).isEqualTo("\"1\"");
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        assertThat(order.at("/total/amount").asString()).isEqualTo("2400.00");
        assertThat(order.at("/outstanding/amount").asString()).isEqualTo("2400.00");
        assertThat(order.at("/paidTotal/amount").asString()).isEqualTo("0.00");
        assertThat(order.get("fullyPaid").asBoolean()).isFalse();
        assertThat(order.at("/lines/0/quantity").asString()).isEqualTo("2");
        assertThat(order.at("/lines/0/description").asString()).isEqualTo("Product PRO-1");
        assertThat(order.has("creditOverrideBy")).isFalse();
        assertThat(api.get("/api/v1/orders/" + id).json().at("/total/amount").asString()).isEqualTo("2400.00");
    }

    @Test
    void exactlyAtTheLimitPassesAndOneCentOverFailsWithLimitExposureAndRequested() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "5000.00");
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");
        DealsApi.placedOrder(api, customer, product, 1, "4000.00");

        Response over = DealsApi.order(api, customer, product, 1, "1000.01");

        assertProblem(over, 422, "credit-limit-exceeded");
        JsonNode problem = over.json();
        assertThat(problem.at("/limit/amount").asString()).isEqualTo("5000.00");
        assertThat(problem.at("/limit/currency").asString()).isEqualTo("EUR");
        assertThat(problem.at("/exposure/amount").asString()).isEqualTo("4000.00");
        assertThat(problem.at("/requested/amount").asString()).isEqualTo("1000.01");
        assertThat(problem.get("detail").asString()).contains("5000.00");

        Response atLimit = DealsApi.order(api, customer, product, 1, "1000.00");
        assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(201);
        assertProblem(DealsApi.order(api, customer, product, 1, "0.01"), 422, "credit-limit-exceeded");
    }

    @Test
    void anApproverCanOverrideWhichIsRecordedAndOthersCannot() {
        TenantClient approver = TenantClient.newTenant(port);
        UUID customer = customer(approver, "1000.00");
        String product = DealsApi.product(approver, "PRO-1", "1200.00", "EUR");
        TenantClient rep = TenantClient.forTenant(port, approver.tenant(), Set.of("sales:read", "sales:write"));
        String overrideOrder = "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\"" + product
                + "\",\"quantity\":1}],\"overrideCreditCheck\":true,\"overrideReason\":\"Prepayment promised\"}";

        assertProblem(rep.post("/api/v1/orders", overrideOrder), 403, "forbidden");
        assertProblem(approver.post("/api/v1/orders", "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\""
                + product + "\",\"quantity\":1}],\"overrideCreditCheck\":true}"), 400, "validation-failed");

        Response overridden = approver.post("/api/v1/orders", overrideOrder);
        assertThat(overridden.status()).as(overridden.body()).isEqualTo(201);
        assertThat(overridden.json().get("creditOverrideBy").asString()).startsWith("user-");
        assertThat(overridden.json().get("creditOverrideReason").asString()).isEqualTo("Prepayment promised");
        String stored = TenantSql.as(dataSource, approver.tenant(), jdbc -> jdbc.sql(
                        "select credit_override_by || '|' || credit_override_reason from sales_order where id = :id")
                .param("id", UUID.fromString(overridden.json().get("id").asString())).query(String.class).single());
        assertThat(stored).endsWith("|Prepayment promised");

        // An order that passes is not marked as overridden, even when the flag is sent.
        TenantClient roomy = TenantClient.newTenant(port);
        UUID rich = customer(roomy, "100000.00");
        String p2 = DealsApi.product(roomy, "PRO-1", "1200.00", "EUR");
        Response fine = roomy.post("/api/v1/orders", "{\"customerId\":\"" + rich + "\",\"lines\":[{\"productId\":\"" + p2
                + "\",\"quantity\":1}],\"overrideCreditCheck\":true,\"overrideReason\":\"just in case\"}");
        assertThat(fine.status()).isEqualTo(201);
        assertThat(fine.json().has("creditOverrideBy")).isFalse();
    }

    @Test
    void aCustomerWithoutCreditLimitHasNoLimitAndCurrenciesMustMatchTheLimit() {
        TenantClient api = TenantClient.newTenant(port);
        UUID unlimited = customer(api, null);
        UUID limited = customer(api, "1000000.00");
        String eur = DealsApi.product(api, "EUR-1", "1200.00", "EUR");
        String usd = DealsApi.product(api, "USD-1", "10.00", "USD");

        Response big = DealsApi.order(api, unlimited, eur, 1000, "99999.99");
        assertThat(big.status()).as(big.body()).isEqualTo(201);
        Response usdUnlimited = api.post("/api/v1/orders", "{\"customerId\":\"" + unlimited
                + "\",\"lines\":[{\"productId\":\"" + usd + "\",\"quantity\":1}]}");
        assertThat(usdUnlimited.status()).isEqualTo(201);
        assertThat(usdUnlimited.json().get("currency").asString()).isEqualTo("USD");

        assertProblem(api.post("/api/v1/orders", "{\"customerId\":\"" + limited + "\",\"lines\":[{\"productId\":\""
                + usd + "\",\"quantity\":1}]}"), 422, "currency-mismatch");
        assertProblem(api.post("/api/v1/orders", "{\"customerId\":\"" + limited + "\",\"lines\":[{\"productId\":\""
                + eur + "\",\"quantity\":1},{\"productId\":\"" + usd + "\",\"quantity\":1}]}"), 422, "currency-mismatch");
    }

    @Test
    void concurrentOrdersOfOneCustomerNeverExceedTheLimitTogether() throws Exception {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "5000.00");
        String product = DealsApi.product(api, "PRO-1", "1000.00", "EUR");
        List<Callable<Integer>> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(() -> DealsApi.order(api, customer, product, 1, "1000.00").status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<Integer> f : pool.invokeAll(orders)) {
                statuses.add(f.get());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(7);
    }

    @Test
    void fulfilAndCancelFollowTheStatusRulesAndCancellingFreesTheExposure() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "2000.00");
        String product = DealsApi.product(api, "PRO-1", "1000.00", "EUR");
        String fulfilled = DealsApi.placedOrder(api, customer, product, 1, "1000.00");
        String cancelled = DealsApi.placedOrder(api, customer, product, 1, "1000.00");
        assertProblem(DealsApi.order(api, customer, product, 1, "1000.00"), 422, "credit-limit-exceeded");

        Response f = api.post("/api/v1/orders/" + fulfilled + "/fulfil", null);
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        assertThat(f.json().get("status").asString()).isEqualTo("FULFILLED");
        assertThat(api.post("/api/v1/orders/" + fulfilled + "/fulfil", null).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/orders/" + fulfilled + "/cancel", null), 422, "order-status");
        // A fulfilled, unpaid order still counts toward exposure.
        assertProblem(DealsApi.order(api, customer, product, 1, "1000.00"), 422, "credit-limit-exceeded");

        assertProblem(api.exchange(org.springframework.http.HttpMethod.POST, "/api/v1/orders/" + cancelled + "/cancel",
                null, null, java.util.Map.of("If-Match", "\"9\"")), 412, "precondition-failed");
        Response c = api.post("/api/v1/orders/" + cancelled + "/cancel", null);
        assertThat(c.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(c.json().at("/outstanding/amount").asString()).isEqualTo("0.00");
        assertProblem(api.post("/api/v1/orders/" + cancelled + "/fulfil", null), 422, "order-status");
        Response room = DealsApi.order(api, customer, product, 1, "1000.00");
        assertThat(room.status()).as(room.body()).isEqualTo(201);
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyPlacesOneOrder() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "1500.00");
        String product = DealsApi.product(api, "PRO-1", "1000.00", "EUR");
        String body = "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}";
        java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Response first = api.exchange(org.springframework.http.HttpMethod.POST, "/api/v1/orders", body,
                org.springframework.http.MediaType.APPLICATION_JSON, key);
        Response retry = api.exchange(org.springframework.http.HttpMethod.POST, "/api/v1/orders", body,
                org.springframework.http.MediaType.APPLICATION_JSON, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(api.get("/api/v1/orders?customerId=" + customer).json().get("items")).hasSize(1);
    }

    @Test
    void listFiltersByCustomerAndStatus() {
        TenantClient api = TenantClient.newTenant(port);
        UUID alpha = customer(api, null);
        UUID beta = customer(api, null);
        String product = DealsApi.product(api, "PRO-1", "10.00", "EUR");
        String a1 = DealsApi.placedOrder(api, alpha, product, 1, "10.00");
        String a2 = DealsApi.placedOrder(api, alpha, product, 2, "10.00");
        String b1 = DealsApi.placedOrder(api, beta, product, 3, "10.00");
        api.post("/api/v1/orders/" + a2 + "/fulfil", null);

        assertThat(ids(api.get("/api/v1/orders?customerId=" + alpha))).containsExactly(a2, a1);
        assertThat(ids(api.get("/api/v1/orders?status=FULFILLED"))).containsExactly(a2);
        assertThat(ids(api.get("/api/v1/orders?customerId=" + alpha + "&status=PLACED"))).containsExactly(a1);
        assertThat(ids(api.get("/api/v1/orders?sort=-total"))).containsExactly(b1, a2, a1);
        Response page = api.get("/api/v1/orders?limit=2&sort=total");
        assertThat(ids(page)).containsExactly(a1, a2);
        assertThat(ids(api.get("/api/v1/orders?limit=2&sort=total&cursor=" + page.json().get("nextCursor").asString())))
                .containsExactly(b1);
        assertProblem(api.get("/api/v1/orders?status=SHIPPED"), 400, "invalid-value");
    }

    @Test
    void anotherTenantsOrdersAndCustomersAreInvisible() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, null);
        String product = DealsApi.product(api, "PRO-1", "10.00", "EUR");
        String order = DealsApi.placedOrder(api, customer, product, 1, "10.00");
        TenantClient other = TenantClient.newTenant(port);
        String otherProduct = DealsApi.product(other, "PRO-1", "10.00", "EUR");

        assertProblem(other.get("/api/v1/orders/" + order), 404, "not-found");
        assertProblem(other.post("/api/v1/orders/" + order + "/fulfil", null), 404, "not-found");
        assertProblem(other.post("/api/v1/orders/" + order + "/cancel", null), 404, "not-found");
        assertProblem(DealsApi.pay(other, order, "1.00", "EUR"), 404, "not-found");
        assertProblem(other.get("/api/v1/orders/" + order + "/payments"), 404, "not-found");
        assertThat(other.get("/api/v1/orders?customerId=" + customer).json().get("items")).isEmpty();
        assertProblem(DealsApi.order(other, customer, otherProduct, 1, "10.00"), 422, "business-rule-violated");
        assertProblem(DealsApi.order(api, customer, otherProduct, 1, "10.00"), 422, "business-rule-violated");
    }

    @Test
    void badInputsAreProblemsNeverServerErrors() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = customer(api, "1000.00");
        String product = DealsApi.product(api, "PRO-1", "10.00", "EUR");
        String c = "{\"customerId\":\"" + customer + "\",";

        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", "{\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":-1}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"description\":\"free text\",\"quantity\":1}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1,\"unitPrice\":{\"amount\":\"1.123456\",\"currency\":\"EUR\"}}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1e400}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":{}}"), 400, "invalid-value");
        assertProblem(api.post("/api/v1/orders", "{\"customerId\":42}"), 400, "invalid-value");
        assertProblem(api.post("/api/v1/orders", "{"), 400, "malformed-json");
        assertProblem(api.post("/api/v1/orders", "{\"customerId\":\"" + UUID.randomUUID()
                + "\",\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}"), 422, "business-rule-violated");
        Response freeText = api.post("/api/v1/orders", c + "\"lines\":[{\"description\":\"Consulting\",\"quantity\":3,"
                + "\"unitPrice\":{\"amount\":\"100.00\",\"currency\":\"EUR\"},\"taxRate\":19}]}");
        assertThat(freeText.status()).as(freeText.body()).isEqualTo(201);
        assertThat(freeText.json().at("/total/amount").asString()).isEqualTo("357.00");
        assertProblem(api.get("/api/v1/orders/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"description\":\"Huge\",\"quantity\":1000000000,"
                + "\"unitPrice\":{\"amount\":\"999999999999999\",\"currency\":\"EUR\"}}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/orders", c + "\"lines\":[{\"description\":\"Big\",\"quantity\":1,"
                + "\"unitPrice\":{\"amount\":\"900000000000000\",\"currency\":\"EUR\"},\"taxRate\":20}]}"), 400, "validation-failed");
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(o -> ids.add(o.get("id").asString()));
        return ids;
    }
}
