package dev.crmplatform.e2e;

import static dev.crmplatform.e2e.PlatformApi.ALL_DOMAIN_SCOPES;
import static dev.crmplatform.e2e.PlatformApi.CUSTOMER_SCOPES;
import static dev.crmplatform.e2e.PlatformApi.apiKey;
import static dev.crmplatform.e2e.PlatformApi.bearer;
import static dev.crmplatform.e2e.PlatformApi.gateway;
import static dev.crmplatform.e2e.PlatformApi.key;
import static dev.crmplatform.e2e.PlatformApi.tenant;
import static dev.crmplatform.e2e.PlatformApi.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.local.issuer.DemoTenant;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lead to cash through the real gateway, customer-service, Kafka and sales-service: a partner's API key creates the
 * customer, a sales rep signed in at the dev issuer converts a lead for it, wins the opportunity by accepting a quote,
 * and the customer's credit limit (replicated from customer events) decides which orders pass until payments clear
 * the exposure. Merges and erasures made in customer-service reach sales-service over Kafka.
 */
class SalesJourneyIT {

    static final Duration PROPAGATION = Duration.ofSeconds(30);
    static final String PROBLEMS = "https://crmplatform.dev/problems/";

    static String partnerKey;
    static Map<String, String> rep;

    @BeforeAll
    static void credentials() {
        RunningPlatform.get();
        // The partner integrates with the demo tenant, the tenant the dev issuer's users belong to.
        partnerKey = apiKey(DemoTenant.ID.toString(), CUSTOMER_SCOPES, 6000);
        rep = bearer(userToken("sales.rep"));
    }

    @Test
    void aPartnersCustomerIsConvertedWonOrderedCreditCheckedAndPaid() {
        String email = "bob." + UUID.randomUUID().toString().substring(0, 8) + "@lee.example";
        String bob = createCustomer(key(partnerKey), """
                {"type":"PERSON","firstName":"Bob","lastName":"Lee","emails":[{"address":"%s"}],
                 "creditLimit":{"amount":"5000.00","currency":"EUR"}}""".formatted(email));

        Http.Response lead = Http.post(gateway() + "/api/v1/leads", """
                {"firstName":"Bob","lastName":"Lee","email":"%s","company":"Lee Ltd",
                 "country":"DE","industry":"MANUFACTURING","source":"WEB"}""".formatted(email), rep);
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        assertThat(lead.json().get("score").asInt()).isBetween(0, 100);
        assertThat(lead.json().get("scoreExplanation").isArray()).isTrue();
        String leadId = lead.json().get("id").asString();

        Http.Response converted = Http.post(gateway() + "/api/v1/leads/" + leadId + "/convert", "{}", rep);
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        assertThat(converted.json().get("customerId").asString()).as("linked to the partner's customer by email")
                .isEqualTo(bob);
        String opportunity = converted.json().get("opportunityId").asString();
        Http.Response again = Http.post(gateway() + "/api/v1/leads/" + leadId + "/convert", "{}", rep);
        assertThat(again.json().get("opportunityId").asString()).as("conversion is idempotent").isEqualTo(opportunity);

        String product = createProduct("1200.00");
        Http.Response quote = Http.post(gateway() + "/api/v1/quotes", """
                {"opportunityId":"%s","lines":[{"productId":"%s","quantity":2}]}""".formatted(opportunity, product), rep);
        assertThat(quote.status()).as(quote.body()).isEqualTo(201);
        assertThat(quote.json().at("/total/amount").asString()).isEqualTo("2400.00");

        Http.Response accepted = Http.post(gateway() + "/api/v1/quotes/" + quote.json().get("id").asString()
                + "/accept", "{}", rep);
        assertThat(accepted.status()).as(accepted.body()).isIn(200, 201);
        String firstOrder = accepted.json().get("id").asString();
        assertThat(Http.get(gateway() + "/api/v1/opportunities/" + opportunity, rep).json().get("stage").asString())
                .isEqualTo("CLOSED_WON");

        // 2,400 open + 3,600 new > 5,000: refused, with the figures
        String secondOrder = order(bob, product, 3);
        Http.Response refused = Http.post(gateway() + "/api/v1/orders", secondOrder, rep);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.problemType()).isEqualTo(PROBLEMS + "credit-limit-exceeded");
        assertThat(refused.json().at("/limit/amount").asString()).isEqualTo("5000.00");
        assertThat(refused.json().at("/exposure/amount").asString()).isEqualTo("2400.00");
        assertThat(refused.json().at("/requested/amount").asString()).isEqualTo("3600.00");

        Http.Response payment = Http.post(gateway() + "/api/v1/orders/" + firstOrder + "/payments",
                "{\"amount\":{\"amount\":\"2400.00\",\"currency\":\"EUR\"}}", rep);
        assertThat(payment.status()).as(payment.body()).isEqualTo(201);
        Http.Response overpaid = Http.post(gateway() + "/api/v1/orders/" + firstOrder + "/payments",
                "{\"amount\":{\"amount\":\"0.01\",\"currency\":\"EUR\"}}", rep);
        assertThat(overpaid.status()).isEqualTo(422);

        Http.Response placed = Http.post(gateway() + "/api/v1/orders", secondOrder, rep);
        assertThat(placed.status()).as("the paid order no longer counts: " + placed.body()).isEqualTo(201);

        Http.Response forecast = Http.get(gateway() + "/api/v1/forecast?period=" + currentQuarter() + "&groupBy=stage",
                rep);
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
    }

    @Test
    void aCustomerMergeRepointsThatCustomersOpportunities() {
        String key = apiKey(tenant("e2e-merge"), ALL_DOMAIN_SCOPES, 6000);
        String survivor = createCustomer(key(key), "{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme GmbH\"}");
        String loser = createCustomer(key(key), "{\"type\":\"ORGANIZATION\",\"organizationName\":\"ACME Gmbh.\"}");
        String opportunity = createOpportunityOnceReplicated(key(key), loser);

        Http.Response merged = Http.post(gateway() + "/api/v1/customers/" + survivor + "/merge",
                "{\"duplicateId\":\"" + loser + "\"}", key(key));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);

        await().atMost(PROPAGATION).untilAsserted(() -> assertThat(
                Http.get(gateway() + "/api/v1/opportunities/" + opportunity, key(key)).json().get("customerId")
                        .asString()).isEqualTo(survivor));
        JsonNode survivorsDeals = Http.get(gateway() + "/api/v1/opportunities?customerId=" + survivor, key(key)).json();
        assertThat(survivorsDeals.get("items")).extracting(item -> item.get("id").asString()).contains(opportunity);
    }

    @Test
    void anErasureInCustomerServiceAnonymisesTheConvertedLeadInSales() {
        String key = apiKey(tenant("e2e-erasure"), ALL_DOMAIN_SCOPES, 6000);
        String email = "carol." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String carol = createCustomer(key(key), """
                {"type":"PERSON","firstName":"Carol","lastName":"Jones","emails":[{"address":"%s"}]}""".formatted(email));
        Http.Response lead = Http.post(gateway() + "/api/v1/leads", """
                {"firstName":"Carol","lastName":"Jones","email":"%s","phone":"+44 20 7946 0958","source":"REFERRAL",
                 "notes":"met Carol at the fair"}""".formatted(email), key(key));
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        String leadId = lead.json().get("id").asString();
        Http.Response converted = Http.post(gateway() + "/api/v1/leads/" + leadId + "/convert", "{}", key(key));
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        assertThat(converted.json().get("customerId").asString()).isEqualTo(carol);

        Http.Response erased = Http.post(gateway() + "/api/v1/customers/" + carol + "/erasure", "{}", key(key));
        assertThat(erased.status()).as(erased.body()).isIn(200, 202);

        await().atMost(PROPAGATION).untilAsserted(() -> {
            JsonNode anonymised = Http.get(gateway() + "/api/v1/leads/" + leadId, key(key)).json();
            assertThat(anonymised.path("anonymised").asBoolean()).isTrue();
            assertThat(anonymised.toString()).doesNotContain("Carol", "Jones", email, "7946", "fair");
        });
    }

    @Test
    void aKeyWithoutSalesScopesIsDeniedOnSalesRoutes() {
        String customersOnly = apiKey(tenant("e2e-scopes"), CUSTOMER_SCOPES, 600);
        Http.Response denied = Http.get(gateway() + "/api/v1/leads", key(customersOnly));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.problemType()).isEqualTo(PROBLEMS + "forbidden");
        Http.Response readOnly = Http.post(gateway() + "/api/v1/leads", "{\"lastName\":\"X\",\"source\":\"WEB\"}",
                key(apiKey(tenant("e2e-scopes-ro"), List.of("sales:read"), 600)));
        assertThat(readOnly.status()).isEqualTo(403);
    }

    // --- helpers ---

    static String createCustomer(Map<String, String> credentials, String json) {
        Http.Response created = Http.post(gateway() + "/api/v1/customers?allowDuplicate=true", json, credentials);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static String createProduct(String price) {
        Http.Response product = Http.post(gateway() + "/api/v1/products", """
                {"sku":"PRO-%s","name":"Pro plan","listPrice":{"amount":"%s","currency":"EUR"}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), price), rep);
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        return product.json().get("id").asString();
    }

    /** Sales knows a customer once its created event has reached the replica: until then the customer is 422. */
    static String createOpportunityOnceReplicated(Map<String, String> credentials, String customer) {
        String body = """
                {"customerId":"%s","name":"Pro rollout","amount":{"amount":"24000.00","currency":"EUR"},
                 "expectedCloseDate":"%s","stage":"PROSPECTING"}""".formatted(customer, LocalDate.now(ZoneOffset.UTC)
                .plusDays(30));
        Http.Response[] created = new Http.Response[1];
        await().atMost(PROPAGATION).until(() -> {
            created[0] = Http.post(gateway() + "/api/v1/opportunities", body, credentials);
            return created[0].status() != 422;
        });
        assertThat(created[0].status()).as(created[0].body()).isEqualTo(201);
        return created[0].json().get("id").asString();
    }

    static String order(String customer, String product, int quantity) {
        return """
                {"customerId":"%s","lines":[{"productId":"%s","quantity":%d,
                 "unitPrice":{"amount":"1200.00","currency":"EUR"}}]}""".formatted(customer, product, quantity);
    }

    static String currentQuarter() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
    }
}
