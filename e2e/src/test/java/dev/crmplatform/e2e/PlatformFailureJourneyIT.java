package dev.crmplatform.e2e;

import static dev.crmplatform.e2e.PlatformApi.ALL_DOMAIN_SCOPES;
import static dev.crmplatform.e2e.PlatformApi.apiKey;
import static dev.crmplatform.e2e.PlatformApi.gateway;
import static dev.crmplatform.e2e.PlatformApi.key;
import static dev.crmplatform.e2e.PlatformApi.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failure drills on the running platform: the broker stopped while customers change (sales' replica must converge
 * afterwards with nothing lost), and sales-service stopped (customer routes keep working, sales routes fail fast).
 * Each drill restores what it broke, so the order of the test classes does not matter.
 */
class PlatformFailureJourneyIT {

    @Test
    void salesReplicasConvergeAfterAKafkaOutageWithNothingLost() {
        RunningPlatform platform = RunningPlatform.get();
        Map<String, String> key = key(apiKey(tenant("e2e-kafka-outage"), ALL_DOMAIN_SCOPES, 6000));
        String customer = SalesJourneyIT.createCustomer(key, """
                {"type":"ORGANIZATION","organizationName":"Outage Corp",
                 "creditLimit":{"amount":"1000.00","currency":"EUR"}}""");
        SalesJourneyIT.createOpportunityOnceReplicated(key, customer);
        String product = created(key, "/api/v1/products",
                "{\"sku\":\"OUT-1\",\"name\":\"Unit\",\"listPrice\":{\"amount\":\"1000.00\",\"currency\":\"EUR\"}}");
        String eightUnits = "{\"customerId\":\"" + customer + "\",\"lines\":[{\"productId\":\"" + product
                + "\",\"quantity\":8}]}";
        assertThat(Http.post(gateway() + "/api/v1/orders", eightUnits, key).status())
                .as("8,000 against a 1,000 limit").isEqualTo(422);

        platform.platform.stopKafka();
        List<String> createdDuringOutage = new ArrayList<>();
        try {
            Http.Response current = Http.get(gateway() + "/api/v1/customers/" + customer, key);
            Http.Response raised = Http.send("PATCH", gateway() + "/api/v1/customers/" + customer,
                    "{\"creditLimit\":{\"amount\":\"10000.00\",\"currency\":\"EUR\"}}", Map.of("X-API-Key",
                            key.get("X-API-Key"), "Content-Type", "application/merge-patch+json", "If-Match",
                            current.header("ETag")));
            assertThat(raised.status()).as("customer-service writes on while Kafka is down: " + raised.body())
                    .isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                createdDuringOutage.add(SalesJourneyIT.createCustomer(key,
                        "{\"type\":\"ORGANIZATION\",\"organizationName\":\"Outage Corp " + i + "\"}"));
            }
        } finally {
            platform.platform.startKafka();
        }

        // The raised limit arrives: the same order now passes; every customer created meanwhile is known to sales.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Http.post(gateway() + "/api/v1/orders", eightUnits, key).status() == 201);
        for (String id : createdDuringOutage) {
            SalesJourneyIT.createOpportunityOnceReplicated(key, id);
        }
    }

    @Test
    void withSalesServiceStoppedCustomerRoutesWorkAndSalesRoutesFailFast() {
        RunningPlatform platform = RunningPlatform.get();
        Map<String, String> key = key(apiKey(tenant("e2e-sales-down"), ALL_DOMAIN_SCOPES, 6000));
        platform.service("sales").stop(Duration.ofSeconds(30));
        try {
            long started = System.nanoTime();
            Http.Response down = Http.get(gateway() + "/api/v1/leads", key);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.problemType()).isEqualTo("https://crmplatform.dev/problems/service-unavailable");
            assertThat(millis).as("answered without waiting for a timeout").isLessThan(5_000);

            assertThat(Http.post(gateway() + "/api/v1/customers",
                    "{\"type\":\"ORGANIZATION\",\"organizationName\":\"Still Open Ltd\"}", key).status()).isEqualTo(201);
            assertThat(Http.get(gateway() + "/api/v1/customers", key).status()).isEqualTo(200);
        } finally {
            platform.restartService("sales");
        }
        // the gateway's breaker lets traffic through again once it half-opens
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(gateway() + "/api/v1/leads", key).status() == 200);
    }

    private static String created(Map<String, String> credentials, String path, String json) {
        Http.Response response = Http.post(gateway() + path, json, credentials);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}
