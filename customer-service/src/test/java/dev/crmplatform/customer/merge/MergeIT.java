package dev.crmplatform.customer.merge;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.customer.customers.CustomerEvents;
import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@CrmIntegrationTest
class MergeIT {

    static final String SURVIVOR = """
            {"type":"PERSON","firstName":"Alice","lastName":"Smith","lifecycleStage":"CUSTOMER",
             "emails":[{"address":"alice@acme.example","primary":true}],
             "phones":[{"number":"+1 415 555 0100"}],
             "tags":["vip"],"customFields":{"tier":"gold","score":1}}""";
    static final String DUPLICATE = """
            {"type":"PERSON","firstName":"Alicia","lastName":"Smith","lifecycleStage":"LEAD","ownerId":"owner-7",
             "emails":[{"address":"a.smith@mail.example","primary":true},{"address":"alice@acme.example"}],
             "phones":[{"number":"+1 415 555 0199"}],
             "addresses":[{"line1":"Main St. 1","city":"Berlin","postalCode":"10115","country":"DE"}],
             "tags":["newsletter"],"creditLimit":{"amount":"100.00","currency":"EUR"},
             "customFields":{"tier":"silver","source":"fair"}}""";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    TenantClient api;
    KafkaConsumer<String, byte[]> events;
    final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = TenantClient.newTenant(port);
        events = TestKafka.consumer(CustomerEvents.TOPIC);
    }

    @AfterEach
    void closeConsumer() {
        events.close();
    }

    @Test
    void theSurvivorAbsorbsTheDuplicateAndTheDuplicatePointsAtIt() {
        String survivor = api.createCustomer(SURVIVOR);
        String duplicate = api.createCustomer(DUPLICATE);
        String acme = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme GmbH\"}");
        String bob = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bob\"}");
        String keptLink = link(survivor, "EMPLOYEE_OF", acme);
        link(duplicate, "EMPLOYEE_OF", acme);                  // the survivor has it already: dropped
        String movedOutgoing = link(duplicate, "PARTNER_OF", bob);
        String movedIncoming = link(bob, "CONTACT_OF", duplicate);
        link(duplicate, "OTHER", survivor);                    // would become a self-link: dropped
        addInteraction(duplicate, "call with the duplicate");
        addConsent(survivor, "EMAIL", "MARKETING", "DENIED");
        addConsent(duplicate, "EMAIL", "MARKETING", "GRANTED");
        addConsent(duplicate, "SMS", "SERVICE", "GRANTED");

        Response merged = api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + duplicate + "\"}");

        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode body = merged.json();
        assertThat(merged.header("ETag")).isEqualTo("\"2\"");
        assertThat(body.get("id").asString()).isEqualTo(survivor);
        assertThat(body.get("version").asLong()).isEqualTo(2);
        assertThat(body.get("firstName").asString()).isEqualTo("Alice");
        assertThat(body.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(body.get("ownerId").asString()).isEqualTo("owner-7");
        assertThat(body.at("/creditLimit/amount").asString()).isEqualTo("100.00");
        assertThat(texts(body.get("emails"), "address")).containsExactly("alice@acme.example", "a.smith@mail.example");
        assertThat(texts(body.get("emails"), "primary")).containsExactly("true", "false");
        assertThat(texts(body.get("phones"), "number")).containsExactly("+14155550100", "+14155550199");
        assertThat(texts(body.get("addresses"), "city")).containsExactly("Berlin");
        assertThat(texts(body.get("tags"), null)).containsExactly("vip", "newsletter");
        assertThat(body.get("customFields").get("tier").asString()).isEqualTo("gold");
        assertThat(body.get("customFields").get("source").asString()).isEqualTo("fair");
        assertThat(body.get("customFields").get("score").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/customers/" + survivor).json()).isEqualTo(body);

        Response loser = api.get("/api/v1/customers/" + duplicate);
        assertThat(loser.status()).isEqualTo(200);
        assertThat(loser.json().get("status").asString()).isEqualTo("MERGED");
        assertThat(loser.json().get("mergedInto").asString()).isEqualTo(survivor);
        assertThat(loser.json().get("version").asLong()).isEqualTo(2);
        assertThat(loser.header("ETag")).isEqualTo("\"2\"");

        JsonNode links = api.get("/api/v1/customers/" + survivor + "/relationships").json().get("items");
        assertThat(texts(links, "id")).containsExactlyInAnyOrder(keptLink, movedOutgoing, movedIncoming);
        assertThat(texts(links, "otherCustomerId")).containsExactlyInAnyOrder(acme, bob, bob);
        assertThat(api.get("/api/v1/customers/" + duplicate + "/relationships").json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + acme + "/relationships").json().get("items")).hasSize(1);

        assertThat(sql("select count(*) from customer_interaction where customer_id = '" + survivor + "'"))
                .isEqualTo(1);
        assertThat(sql("select count(*) from customer_interaction where customer_id = '" + duplicate + "'")).isZero();
        assertThat(sqlText("select status from customer_consent where customer_id = '" + survivor
                + "' and channel = 'EMAIL' and purpose = 'MARKETING'")).isEqualTo("DENIED");
        assertThat(sqlText("select status from customer_consent where customer_id = '" + survivor
                + "' and channel = 'SMS' and purpose = 'SERVICE'")).isEqualTo("GRANTED");
        assertThat(sql("select count(*) from customer_consent where customer_id = '" + duplicate + "'")).isZero();
        assertThat(sql("select count(*) from customer_consent_history where customer_id = '" + survivor + "'"))
                .isEqualTo(3);
        assertThat(sqlText("select string_agg(change_type, ',' order by version) from customer_change where customer_id = '"
                + duplicate + "'")).isEqualTo("CREATED,MERGED");
        assertThat(sqlText("select string_agg(change_type, ',' order by version) from customer_change where customer_id = '"
                + survivor + "'")).isEqualTo("CREATED,MERGED_DUPLICATE");

        ConsumerRecord<String, byte[]> mergedEvent = awaitEvent(duplicate, CustomerEvents.MERGED);
        JsonNode payload = JSON.readTree(mergedEvent.value());
        assertThat(payload.get("survivorId").asString()).isEqualTo(survivor);
        assertThat(payload.get("mergedId").asString()).isEqualTo(duplicate);
        assertThat(payload.get("mergedAt").asString()).isNotBlank();
        assertThat(payload.at("/survivor/version").asLong()).isEqualTo(2);
        assertThat(TestKafka.header(mergedEvent, "ce_subject")).isEqualTo(duplicate);
        assertThat(TestKafka.header(mergedEvent, "ce_aggregateversion")).isEqualTo("2");
        assertThat(TestKafka.header(mergedEvent, "ce_tenantid")).isEqualTo(api.tenant().toString());

        ConsumerRecord<String, byte[]> updated = awaitEvent(survivor, CustomerEvents.UPDATED);
        JsonNode state = JSON.readTree(updated.value());
        assertThat(state.at("/customer/version").asLong()).isEqualTo(2);
        assertThat(texts(state.get("changedFields"), null)).contains("emails", "phones", "tags", "ownerId")
                .doesNotContain("version", "updatedAt", "firstName");
        assertThat(TestKafka.header(updated, "ce_aggregateversion")).isEqualTo("2");
    }

    @Test
    void forbiddenMergesAreProblemsAndChangeNothing() {
        String survivor = api.createCustomer(SURVIVOR);
        String duplicate = api.createCustomer(DUPLICATE);
        String organisation = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme GmbH\"}");

        assertProblem(merge(survivor, survivor), 422, "merge-not-allowed");
        assertProblem(merge(survivor, organisation), 422, "merge-not-allowed");
        assertProblem(merge(survivor, UUID.randomUUID().toString()), 404, "not-found");
        assertProblem(merge(UUID.randomUUID().toString(), survivor), 404, "not-found");
        assertProblem(api.post("/api/v1/customers/" + survivor + "/merge", "{}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"nope\"}"), 400,
                "invalid-value");
        assertProblem(api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":"), 400, "malformed-json");
        assertThat(api.exchange(HttpMethod.POST, "/api/v1/customers/" + survivor + "/merge",
                "{\"duplicateId\":\"" + duplicate + "\"}", MediaType.TEXT_PLAIN, Map.of()).status()).isEqualTo(415);
        assertProblem(mergeIfMatch(survivor, duplicate, "\"7\""), 412, "precondition-failed");

        for (String id : List.of(survivor, duplicate, organisation)) {
            assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).as(id).isEqualTo(1);
            assertThat(api.get("/api/v1/customers/" + id).json().get("status").asString()).isEqualTo("ACTIVE");
        }

        Response withIfMatch = mergeIfMatch(survivor, duplicate, "\"1\"");
        assertThat(withIfMatch.status()).isEqualTo(200);
        String third = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smythe\"}");
        assertProblem(merge(survivor, duplicate), 422, "merge-not-allowed");   // already merged
        assertProblem(merge(duplicate, third), 422, "merge-not-allowed");      // a merged survivor
        Response linkToMerged = api.post("/api/v1/customers/" + third + "/relationships",
                "{\"type\":\"CONTACT_OF\",\"targetId\":\"" + duplicate + "\"}");
        assertProblem(linkToMerged, 422, "related-customer-inactive");
        assertProblem(api.patch("/api/v1/customers/" + duplicate, "{\"firstName\":\"X\"}", "\"2\""), 422,
                "merge-not-allowed");
        assertThat(api.get("/api/v1/customers/" + third).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aMergeOverTheLimitsIsRefusedAndChangesNothing() {
        String survivor = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Many\",\"tags\":["
                + IntStream.range(0, 30).mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(",")) + "]}");
        String duplicate = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Many\",\"tags\":["
                + IntStream.range(0, 30).mapToObj(i -> "\"b" + i + "\"").collect(Collectors.joining(",")) + "]}");

        Response refused = merge(survivor, duplicate);
        assertProblem(refused, 422, "too-many-items");
        assertThat(refused.json().get("detail").asString()).contains("60 tags (at most 50)");
        for (String id : List.of(survivor, duplicate)) {
            assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).as(id).isEqualTo(1);
            assertThat(api.get("/api/v1/customers/" + id).json().get("status").asString()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void opposingConcurrentMergesOfOnePairNeitherDeadlockNorBothWin() {
        for (int round = 0; round < 5; round++) {
            String a = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Ann\",\"lastName\":\"Lee\"}");
            String b = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Anne\",\"lastName\":\"Lee\"}");
            var ab = CompletableFuture.supplyAsync(() -> merge(a, b));
            var ba = CompletableFuture.supplyAsync(() -> merge(b, a));
            List<Integer> statuses = List.of(ab.join().status(), ba.join().status());
            assertThat(statuses).containsExactlyInAnyOrder(200, 422);
            String winner = ab.join().status() == 200 ? a : b;
            String loser = winner.equals(a) ? b : a;
            assertThat(api.get("/api/v1/customers/" + loser).json().get("mergedInto").asString()).isEqualTo(winner);
            assertThat(api.get("/api/v1/customers/" + winner).json().get("status").asString()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void anotherTenantCannotMergeOrBeMerged() {
        String survivor = api.createCustomer(SURVIVOR);
        String duplicate = api.createCustomer(DUPLICATE);
        TenantClient other = TenantClient.newTenant(port);
        String mine = other.createCustomer(SURVIVOR);

        assertProblem(other.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + duplicate + "\"}"),
                404, "not-found");
        assertProblem(other.post("/api/v1/customers/" + mine + "/merge", "{\"duplicateId\":\"" + duplicate + "\"}"),
                404, "not-found");
        assertProblem(api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + mine + "\"}"),
                404, "not-found");
        assertThat(api.get("/api/v1/customers/" + duplicate).json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(other.get("/api/v1/customers/" + mine).json().get("version").asLong()).isEqualTo(1);
    }

    private Response merge(String survivor, String duplicate) {
        return api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + duplicate + "\"}");
    }

    private Response mergeIfMatch(String survivor, String duplicate, String ifMatch) {
        return api.exchange(HttpMethod.POST, "/api/v1/customers/" + survivor + "/merge",
                "{\"duplicateId\":\"" + duplicate + "\"}", MediaType.APPLICATION_JSON, Map.of("If-Match", ifMatch));
    }

    private String link(String source, String type, String target) {
        Response response = api.post("/api/v1/customers/" + source + "/relationships",
                "{\"type\":\"" + type + "\",\"targetId\":\"" + target + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private ConsumerRecord<String, byte[]> awaitEvent(String key, String type) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            received.addAll(TestKafka.poll(events, Duration.ofMillis(200)));
            return received.stream()
                    .filter(r -> key.equals(r.key()) && type.equals(TestKafka.header(r, "ce_type")))
                    .findFirst().orElse(null);
        }, r -> r != null);
    }

    // Interactions and consents have their own endpoints (other features); rows are set up directly here.
    private void addInteraction(String customer, String summary) {
        asTenant("""
                insert into customer_interaction (id, tenant_id, customer_id, type, occurred_at, actor, summary,
                    created_by, updated_by)
                values (gen_random_uuid(), :tenant, cast(:customer as uuid), 'CALL', now(), 'tester', :text, 'tester',
                    'tester')""", customer, summary, null, null);
    }

    private void addConsent(String customer, String channel, String purpose, String status) {
        asTenant("""
                insert into customer_consent (tenant_id, customer_id, channel, purpose, status, source, changed_at,
                    created_by, updated_by)
                values (:tenant, cast(:customer as uuid), :channel, :purpose, :text, 'test', now(), 'tester', 'tester')""",
                customer, status, channel, purpose);
        asTenant("""
                insert into customer_consent_history (tenant_id, customer_id, channel, purpose, status, source,
                    changed_at, changed_by)
                values (:tenant, cast(:customer as uuid), :channel, :purpose, :text, 'test', now(), 'tester')""",
                customer, status, channel, purpose);
    }

    private void asTenant(String sql, String customer, String text, String channel, String purpose) {
        TenantContext.runAs(api.tenant(), () -> transactions.executeWithoutResult(status -> {
            var spec = jdbc.sql(sql).param("tenant", api.tenant()).param("customer", customer).param("text", text);
            if (channel != null) {
                spec = spec.param("channel", channel).param("purpose", purpose);
            }
            spec.update();
        }));
    }

    private long sql(String query) {
        return TenantContext.callAs(api.tenant(), () -> transactions.execute(status ->
                jdbc.sql(query).query(Long.class).single()));
    }

    private String sqlText(String query) {
        return TenantContext.callAs(api.tenant(), () -> transactions.execute(status ->
                jdbc.sql(query).query(String.class).single()));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(field == null ? item.asString() : item.get(field).asString()));
        return values;
    }
}
