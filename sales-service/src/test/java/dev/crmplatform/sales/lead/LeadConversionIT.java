package dev.crmplatform.sales.lead;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import dev.crmplatform.sales.support.CustomerServiceStub;
import dev.crmplatform.sales.support.CustomerServiceStub.Mode;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.sales.support.TenantJdbc;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Lead conversion against a real HTTP server standing in for customer-service. */
@CrmIntegrationTest
class LeadConversionIT {

    private static final CustomerServiceStub CUSTOMER_SERVICE = new CustomerServiceStub();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void customerService(DynamicPropertyRegistry registry) {
        registry.add("crm.sales.customer-service.base-url", CUSTOMER_SERVICE::baseUrl);
        registry.add("resilience4j.timelimiter.instances.customer-service.timeout-duration", () -> "1s");
        // far above the time limit, so a bounded answer time shows the time limiter at work
        registry.add("crm.sales.customer-service.read-timeout", () -> "120s");
        registry.add("resilience4j.retry.instances.customer-service.max-attempts", () -> "2");
        registry.add("resilience4j.retry.instances.customer-service.wait-duration", () -> "50ms");
        registry.add("resilience4j.circuitbreaker.instances.customer-service.minimum-number-of-calls", () -> "4");
    }

    @AfterAll
    static void stopStub() {
        CUSTOMER_SERVICE.close();
    }

    @LocalServerPort int port;
    @Autowired DataSource dataSource;
    @Autowired CircuitBreakerRegistry circuitBreakers;

    private TenantClient client;
    private TenantJdbc sql;

    @BeforeEach
    void setUp() {
        CUSTOMER_SERVICE.reset();
        circuitBreakers.circuitBreaker("customer-service").reset();
        client = TenantClient.newTenant(port);
        sql = new TenantJdbc(dataSource);
        client.put("/api/v1/leads/assignment/reps/rita", "{}");
    }

    @Test
    void convertingCreatesTheCustomerInCustomerServiceAndAnOpportunityAndIsIdempotent() {
        String leadId = createLead(LeadApiIT.CANONICAL);

        Response converted = client.post("/api/v1/leads/" + leadId + "/convert", "{}");

        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        JsonNode result = converted.json();
        String customerId = result.get("customerId").asString();
        String opportunityId = result.get("opportunityId").asString();
        assertThat(result.get("leadId").asString()).isEqualTo(leadId);
        assertThat(result.get("customerCreated").asBoolean()).isTrue();

        List<CustomerServiceStub.Request> calls = CUSTOMER_SERVICE.requests();
        assertThat(calls).hasSize(1);
        CustomerServiceStub.Request create = calls.getFirst();
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /api/v1/customers");
        assertThat(create.header("Idempotency-Key")).isEqualTo("lead-convert-" + leadId);
        assertThat(subjectOf(create.header("Authorization"))).isEqualTo("user-" + client.tenant().toString()
                .substring(0, 8));
        JsonNode body = create.json();
        assertThat(body.get("type").asString()).isEqualTo("PERSON");
        assertThat(body.get("firstName").asString()).isEqualTo("Bob");
        assertThat(body.get("lastName").asString()).isEqualTo("Lee");
        assertThat(body.get("emails").get(0).get("address").asString()).isEqualTo("bob@lee.example");
        assertThat(body.get("addresses").get(0).get("country").asString()).isEqualTo("DE");
        assertThat(body.get("ownerId").asString()).isEqualTo("rita");

        JsonNode lead = client.get("/api/v1/leads/" + leadId).json();
        assertThat(lead.get("status").asString()).isEqualTo("CONVERTED");
        assertThat(lead.get("convertedCustomerId").asString()).isEqualTo(customerId);
        assertThat(lead.get("convertedOpportunityId").asString()).isEqualTo(opportunityId);
        assertThat(lead.get("convertedAt").isNull()).isFalse();

        Map<String, Object> opportunity = opportunityOf(leadId);
        assertThat(opportunity).containsEntry("id", UUID.fromString(opportunityId))
                .containsEntry("customer_id", UUID.fromString(customerId))
                .containsEntry("stage", "PROSPECTING").containsEntry("currency", "EUR")
                .containsEntry("owner_id", "rita").containsEntry("name", "Lee Ltd – new business");
        assertThat(opportunity.get("amount").toString()).isEqualTo("0.0000");

        // Repeats return the same ids and change nothing.
        Response again = client.post("/api/v1/leads/" + leadId + "/convert", "{}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(result);
        assertThat(CUSTOMER_SERVICE.requests()).hasSize(1);
        assertThat(count("select count(*) from opportunity where lead_id = :id", leadId)).isEqualTo(1);

        // A converted lead is read-only.
        assertProblem(client.patch("/api/v1/leads/" + leadId, "{\"status\":\"CONTACTED\"}",
                client.get("/api/v1/leads/" + leadId).header("ETag")), 422, "lead-read-only");

        // lead.converted, keyed by the customer
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer("crm.sales.events")) {
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                seen.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
                return seen.stream().anyMatch(r -> customerId.equals(r.key())
                        && "crm.sales.lead.converted.v1".equals(TestKafka.header(r, "ce_type")));
            });
            ConsumerRecord<String, byte[]> event = seen.stream().filter(r -> customerId.equals(r.key())
                    && "crm.sales.lead.converted.v1".equals(TestKafka.header(r, "ce_type"))).findFirst().orElseThrow();
            JsonNode payload = JSON.readTree(new String(event.value(), StandardCharsets.UTF_8));
            assertThat(payload.get("leadId").asString()).isEqualTo(leadId);
            assertThat(payload.get("opportunityId").asString()).isEqualTo(opportunityId);
            assertThat(payload.get("customerCreated").asBoolean()).isTrue();
        }
    }

    @Test
    void anActiveCustomerWithTheLeadsEmailInTheReplicaIsLinkedWithoutCallingCustomerService() {
        UUID existing = ReplicaFixtures.customer(dataSource, client.tenant(), "Linda Link", null, null);
        String leadId = createLead("{\"firstName\":\"Linda\",\"lastName\":\"Link\",\"email\":\"Linda.Link@Example.com\"}");

        Response converted = client.post("/api/v1/leads/" + leadId + "/convert", "{}");

        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        assertThat(converted.json().get("customerId").asString()).isEqualTo(existing.toString());
        assertThat(converted.json().get("customerCreated").asBoolean()).isFalse();
        assertThat(CUSTOMER_SERVICE.requests()).isEmpty();
    }

    @Test
    void aDuplicateAnswerFromCustomerServiceLinksTheExistingCustomer() {
        UUID existing = UUID.randomUUID();
        CUSTOMER_SERVICE.duplicateOf(existing);
        String leadId = createLead("{\"lastName\":\"Dupe\",\"company\":\"Dupe Inc\",\"email\":\"dupe@example.com\"}");

        Response converted = client.post("/api/v1/leads/" + leadId + "/convert",
                "{\"opportunityName\":\"Dupe rollout\",\"amount\":{\"amount\":\"1500.50\",\"currency\":\"USD\"},"
                        + "\"expectedCloseDate\":\"2027-03-31\"}");

        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        assertThat(converted.json().get("customerId").asString()).isEqualTo(existing.toString());
        assertThat(converted.json().get("customerCreated").asBoolean()).isFalse();
        // not in the replica yet: read from customer-service, so the opportunity's customer check passes
        assertThat(CUSTOMER_SERVICE.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /api/v1/customers", "GET /api/v1/customers/" + existing);
        Map<String, Object> opportunity = opportunityOf(leadId);
        assertThat(opportunity).containsEntry("customer_id", existing).containsEntry("name", "Dupe rollout")
                .containsEntry("currency", "USD");
        assertThat(opportunity.get("amount").toString()).isEqualTo("1500.5000");
        assertThat(opportunity.get("expected_close_date").toString()).isEqualTo("2027-03-31");
    }

    @Test
    void whenCustomerServiceNeverAnswersTheConversionIs503AndTheLeadIsUnchanged() {
        CUSTOMER_SERVICE.mode(Mode.HANG);
        String leadId = createLead(LeadApiIT.CANONICAL);

        long started = System.nanoTime();
        Response response = client.post("/api/v1/leads/" + leadId + "/convert", "{}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertProblem(response, 503, "service-unavailable");
        assertThat(response.header("Retry-After")).isEqualTo("10");
        // two attempts of at most 1 s each (retry), not the HTTP client's 120 s read timeout; generous for a
        // loaded machine
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(CUSTOMER_SERVICE.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isEqualTo("lead-convert-" + leadId));
        assertUnchanged(leadId);
    }

    @Test
    void anOpenCircuitBreakerAnswers503WithoutCallingCustomerService() {
        CUSTOMER_SERVICE.mode(Mode.SERVER_ERROR);
        String leadId = createLead(LeadApiIT.CANONICAL);
        assertProblem(client.post("/api/v1/leads/" + leadId + "/convert", "{}"), 503, "service-unavailable");
        assertProblem(client.post("/api/v1/leads/" + leadId + "/convert", "{}"), 503, "service-unavailable");
        assertThat(CUSTOMER_SERVICE.requests()).hasSize(4);

        CUSTOMER_SERVICE.mode(Mode.CREATE);
        assertProblem(client.post("/api/v1/leads/" + leadId + "/convert", "{}"), 503, "service-unavailable");
        assertThat(CUSTOMER_SERVICE.requests()).hasSize(4);
        assertUnchanged(leadId);
    }

    @Test
    void concurrentConversionsOfOneLeadGiveTheSameIds() throws Exception {
        String leadId = createLead(LeadApiIT.CANONICAL);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return client.post("/api/v1/leads/" + leadId + "/convert", "{}");
                }));
            }
            start.countDown();
        }
        List<String> answers = new ArrayList<>();
        for (Future<Response> result : results) {
            Response response = result.get();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            answers.add(response.json().get("customerId").asString() + "/"
                    + response.json().get("opportunityId").asString());
        }
        assertThat(answers).containsOnly(answers.getFirst());
        assertThat(count("select count(*) from opportunity where lead_id = :id", leadId)).isEqualTo(1);
    }

    @Test
    void disqualifiedLeadsAndBadOverridesAreRejectedWithoutCallingCustomerService() {
        String leadId = createLead(LeadApiIT.CANONICAL);
        client.patch("/api/v1/leads/" + leadId, "{\"status\":\"DISQUALIFIED\",\"disqualifiedReason\":\"SPAM\"}",
                "\"1\"");
        assertProblem(client.post("/api/v1/leads/" + leadId + "/convert", "{}"), 422, "lead-not-convertible");

        String other = createLead(LeadApiIT.CANONICAL);
        assertProblem(client.post("/api/v1/leads/" + other + "/convert",
                "{\"amount\":{\"amount\":\"-5.00\",\"currency\":\"EUR\"}}"), 400, "validation-failed");
        assertProblem(client.post("/api/v1/leads/" + other + "/convert", "{\"expectedCloseDate\":\"soon\"}"), 400,
                "invalid-value");
        assertProblem(client.post("/api/v1/leads/" + UUID.randomUUID() + "/convert", "{}"), 404, "not-found");
        assertThat(CUSTOMER_SERVICE.requests()).isEmpty();
        assertUnchanged(other);
    }

    private void assertUnchanged(String leadId) {
        Response lead = client.get("/api/v1/leads/" + leadId);
        assertThat(lead.json().get("status").asString()).isEqualTo("NEW");
        assertThat(lead.header("ETag")).isEqualTo("\"1\"");
        assertThat(count("select count(*) from opportunity where lead_id = :id", leadId)).isZero();
    }

    private String createLead(String body) {
        Response created = client.post("/api/v1/leads", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Map<String, Object> opportunityOf(String leadId) {
        return sql.as(client.tenant(), jdbc -> jdbc.sql("select * from opportunity where lead_id = :id")
                .param("id", UUID.fromString(leadId)).query().singleRow());
    }

    private long count(String query, String leadId) {
        return sql.as(client.tenant(), jdbc -> jdbc.sql(query).param("id", UUID.fromString(leadId))
                .query(Long.class).single());
    }

    private static String subjectOf(String authorization) {
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get("sub").asString();
    }
}
