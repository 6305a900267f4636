package dev.crmplatform.e2e;

import static dev.crmplatform.e2e.PlatformApi.ALL_DOMAIN_SCOPES;
import static dev.crmplatform.e2e.PlatformApi.apiKey;
import static dev.crmplatform.e2e.PlatformApi.gateway;
import static dev.crmplatform.e2e.PlatformApi.key;
import static dev.crmplatform.e2e.PlatformApi.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants behind one gateway: tenant A fills every kind of record; tenant B, with the same scopes, sees none of
 * them on any list endpoint and gets 404 for each of A's ids.
 */
class TenantIsolationJourneyIT {

    @Test
    void twoTenantsNeverSeeEachOthersDataOnAnyListOrById() {
        Map<String, String> a = key(apiKey(tenant("e2e-iso-a"), ALL_DOMAIN_SCOPES, 6000));
        Map<String, String> b = key(apiKey(tenant("e2e-iso-b"), ALL_DOMAIN_SCOPES, 6000));

        String customer = SalesJourneyIT.createCustomer(a, """
                {"type":"ORGANIZATION","organizationName":"Tenant A Corp",
                 "creditLimit":{"amount":"100000.00","currency":"EUR"}}""");
        String opportunity = SalesJourneyIT.createOpportunityOnceReplicated(a, customer);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("/api/v1/customers", customer);
        ids.put("/api/v1/opportunities", opportunity);
        ids.put("/api/v1/leads", created(a, "/api/v1/leads",
                "{\"firstName\":\"Ann\",\"lastName\":\"A\",\"email\":\"ann@tenant-a.example\",\"source\":\"WEB\"}"));
        String product = created(a, "/api/v1/products",
                "{\"sku\":\"A-1\",\"name\":\"A plan\",\"listPrice\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}");
        ids.put("/api/v1/products", product);
        ids.put("/api/v1/quotes", created(a, "/api/v1/quotes", """
                {"opportunityId":"%s","lines":[{"productId":"%s","quantity":1}]}""".formatted(opportunity, product)));
        ids.put("/api/v1/orders", created(a, "/api/v1/orders", """
                {"customerId":"%s","lines":[{"productId":"%s","quantity":1}]}""".formatted(customer, product)));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ids.put("/api/v1/contracts", created(a, "/api/v1/contracts", """
                {"customerId":"%s","name":"A support","startDate":"%s","endDate":"%s",
                 "value":{"amount":"1200.00","currency":"EUR"},"autoRenew":true}""".formatted(customer, today,
                today.plusYears(1))));
        ids.put("/api/v1/tasks", created(a, "/api/v1/opportunities/" + opportunity + "/tasks",
                "{\"title\":\"Call A\",\"dueAt\":\"2020-01-01T09:00:00Z\"}"));

        ids.forEach((list, id) -> {
            JsonNode own = Http.get(gateway() + list + "?limit=200", a).json();
            assertThat(own.toString()).as("A sees its own record on " + list).contains(id);
            Http.Response others = Http.get(gateway() + list + "?limit=200", b);
            assertThat(others.status()).as(list).isEqualTo(200);
            assertThat(others.json().get("items")).as("B's view of " + list).isEmpty();
            assertThat(Http.get(gateway() + list + "/" + id, b).status()).as("B reading A's " + list + "/" + id)
                    .isEqualTo(404);
        });
        String overdue = Http.get(gateway() + "/api/v1/tasks?overdue=true&limit=200", b).json().toString();
        assertThat(overdue).doesNotContain(ids.get("/api/v1/tasks"));
        Http.Response forecast = Http.get(gateway() + "/api/v1/forecast?period=" + SalesJourneyIT.currentQuarter(), b);
        assertThat(forecast.status()).isEqualTo(200);
        assertThat(forecast.body()).doesNotContain("24000");
        assertThat(Http.get(gateway() + "/api/v1/orders/" + ids.get("/api/v1/orders") + "/payments", b).status())
                .isEqualTo(404);
    }

    private static String created(Map<String, String> credentials, String path, String json) {
        Http.Response response = Http.post(gateway() + path, json, credentials);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}
