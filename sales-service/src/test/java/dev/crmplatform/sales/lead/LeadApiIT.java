package dev.crmplatform.sales.lead;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@CrmIntegrationTest
class LeadApiIT {

    static final String CANONICAL = """
            {"firstName":"Bob","lastName":"Lee","email":"bob@lee.example","company":"Lee Ltd",
             "country":"DE","industry":"MANUFACTURING","source":"WEB"}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    private TenantClient client;

    @BeforeEach
    void tenantWithARep() {
        client = TenantClient.newTenant(port);
        assertThat(client.put("/api/v1/leads/assignment/reps/rita", "{\"displayName\":\"Rita Rep\"}").status())
                .isEqualTo(201);
    }

    @Test
    void theCanonicalLeadIsCreatedScoredWithItsExplanationAndAssigned() {
        Response created = client.post("/api/v1/leads", CANONICAL);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode lead = created.json();
        String id = lead.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/leads/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(lead.get("status").asString()).isEqualTo("NEW");
        assertThat(lead.get("score").asInt()).isEqualTo(25);
        assertThat(explanation(lead)).containsExactly("industry:MANUFACTURING=15", "source:WEB=10");
        assertThat(lead.get("ownerId").asString()).isEqualTo("rita");
        assertThat(lead.get("assignmentRule").asString()).isEqualTo("round-robin");
        assertThat(lead.get("email").asString()).isEqualTo("bob@lee.example");
        assertThat(lead.get("anonymised").asBoolean()).isFalse();

        Response read = client.get("/api/v1/leads/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().get("scoreExplanation")).isEqualTo(lead.get("scoreExplanation"));

        // lead.created on crm.sales.events, keyed by the lead
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer("crm.sales.events")) {
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                seen.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
                return seen.stream().anyMatch(r -> id.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> event = seen.stream().filter(r -> id.equals(r.key())).findFirst()
                    .orElseThrow();
            assertThat(TestKafka.header(event, "ce_type")).isEqualTo("crm.sales.lead.created.v1");
            assertThat(TestKafka.header(event, "ce_tenantid")).isEqualTo(client.tenant().toString());
            JsonNode payload = JSON.readTree(new String(event.value(), StandardCharsets.UTF_8));
            assertThat(payload.get("leadId").asString()).isEqualTo(id);
            assertThat(payload.get("score").asInt()).isEqualTo(25);
            assertThat(payload.get("ownerId").asString()).isEqualTo("rita");
        }
    }

    @Test
    void allCaptureFieldsAreKeptAndCountTowardsTheScore() {
        Response created = client.post("/api/v1/leads", """
                {"firstName":" Carla ","lastName":"Diaz","email":"Carla@Diaz.Example","phone":"+34 600 000 000",
                 "title":"Head of Procurement","company":"Diaz SA","companySize":120,"country":"ES",
                 "industry":"RETAIL","source":"REFERRAL","campaignId":"spring-2026","notes":"Met at the fair"}""");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode lead = created.json();
        assertThat(lead.get("firstName").asString()).isEqualTo("Carla");
        assertThat(lead.get("email").asString()).isEqualTo("carla@diaz.example");
        assertThat(lead.get("phone").asString()).isEqualTo("+34 600 000 000");
        assertThat(lead.get("campaignId").asString()).isEqualTo("spring-2026");
        assertThat(lead.get("notes").asString()).isEqualTo("Met at the fair");
        assertThat(lead.get("companySize").asInt()).isEqualTo(120);
        assertThat(explanation(lead)).containsExactly("companySize:50-249=20", "industry:RETAIL=5", "title:head=15",
                "source:REFERRAL=20");
        assertThat(lead.get("score").asInt()).isEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"firstName\":\"Only\"}",
            "{\"lastName\":\"Lee\",\"email\":\"not-an-email\"}",
            "{\"lastName\":\"Lee\",\"country\":\"de\"}",
            "{\"lastName\":\"Lee\",\"companySize\":0}",
            "{\"lastName\":\"\"}",
            "{\"company\":\"   \"}",
    })
    void invalidLeadsAre400ValidationFailed(String body) {
        assertProblem(client.post("/api/v1/leads", body), 400, "validation-failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"lastName\":\"Lee\",\"industry\":\"SPACE\"}",
            "{\"lastName\":\"Lee\",\"source\":\"TELEPATHY\"}",
            "{\"lastName\":\"Lee\",\"companySize\":\"many\"}",
    })
    void unknownEnumValuesAndWrongTypesAre400(String body) {
        Response response = client.post("/api/v1/leads", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.problemType()).startsWith("https://crmplatform.dev/problems/");
    }

    @Test
    void malformedJsonIs400AndNoBodyIs400() {
        assertProblem(client.post("/api/v1/leads", "{\"lastName\":"), 400, "malformed-json");
        assertThat(client.post("/api/v1/leads", "[]").status()).isEqualTo(400);
    }

    @Test
    void anIdempotencyKeyReplaysTheCreate() {
        var headers = Map.of("Idempotency-Key", "lead-" + UUID.randomUUID());
        Response first = client.exchange(HttpMethod.POST, "/api/v1/leads", CANONICAL, MediaType.APPLICATION_JSON,
                headers);
        Response replay = client.exchange(HttpMethod.POST, "/api/v1/leads", CANONICAL, MediaType.APPLICATION_JSON,
                headers);
        Response otherBody = client.exchange(HttpMethod.POST, "/api/v1/leads", "{\"lastName\":\"Other\"}",
                MediaType.APPLICATION_JSON, headers);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertProblem(otherBody, 422, "idempotency-key-reused");
        assertThat(client.get("/api/v1/leads?limit=200").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void statusMovesThroughTheLifecycleWithIfMatch() {
        String id = create(CANONICAL);
        String path = "/api/v1/leads/" + id;

        assertProblem(client.patch(path, "{\"status\":\"CONTACTED\"}", null), 428, "precondition-required");
        assertProblem(client.patch(path, "{\"status\":\"CONTACTED\"}", "\"7\""), 412, "precondition-failed");
        assertProblem(client.patch(path, "{\"status\":\"QUALIFIED\"}", "\"1\""), 422,
                "lead-status-transition-not-allowed");
        assertProblem(client.patch(path, "{\"status\":\"CONVERTED\"}", "\"1\""), 422,
                "lead-status-transition-not-allowed");

        Response contacted = client.patch(path, "{\"status\":\"CONTACTED\"}", "\"1\"");
        assertThat(contacted.status()).as(contacted.body()).isEqualTo(200);
        assertThat(contacted.header("ETag")).isEqualTo("\"2\"");
        Response qualified = client.patch(path, "{\"status\":\"QUALIFIED\"}", "\"2\"");
        assertThat(qualified.json().get("status").asString()).isEqualTo("QUALIFIED");

        assertProblem(client.patch(path, "{\"status\":\"DISQUALIFIED\"}", "\"3\""), 400, "validation-failed");
        assertProblem(client.patch(path, "{\"disqualifiedReason\":\"NO_BUDGET\"}", "\"3\""), 400,
                "validation-failed");
        Response disqualified = client.patch(path,
                "{\"status\":\"DISQUALIFIED\",\"disqualifiedReason\":\"NO_BUDGET\"}", "\"3\"");
        assertThat(disqualified.status()).as(disqualified.body()).isEqualTo(200);
        assertThat(disqualified.json().get("disqualifiedReason").asString()).isEqualTo("NO_BUDGET");

        Response reopened = client.patch(path, "{\"status\":\"NEW\"}", "\"4\"");
        assertThat(reopened.json().get("status").asString()).isEqualTo("NEW");
        assertThat(reopened.json().has("disqualifiedReason")
                && !reopened.json().get("disqualifiedReason").isNull()).isFalse();
    }

    @Test
    void aPatchRecomputesTheScoreAndClearsWithNull() {
        String id = create(CANONICAL);
        String path = "/api/v1/leads/" + id;

        Response patched = client.patch(path, "{\"title\":\"CEO\",\"companySize\":1500,\"source\":null}", "\"1\"");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode lead = patched.json();
        assertThat(explanation(lead)).containsExactly("companySize:1000+=30", "industry:MANUFACTURING=15",
                "title:ceo=25");
        assertThat(lead.get("score").asInt()).isEqualTo(70);
        assertThat(lead.has("source") && !lead.get("source").isNull()).isFalse();
        assertThat(lead.get("firstName").asString()).isEqualTo("Bob");

        Response reassigned = client.patch(path, "{\"ownerId\":\"someone-else\"}", "\"2\"");
        assertThat(reassigned.json().get("ownerId").asString()).isEqualTo("someone-else");
        assertThat(reassigned.json().get("assignmentRule").asString()).isEqualTo("manual");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"score\":100}",
            "{\"id\":\"01a20c6f-85db-7d86-ac81-329e2e667091\"}",
            "{\"lastName\":null,\"company\":null}",
            "{\"email\":\"nope\"}",
            "{\"country\":\"Germany\"}",
    })
    void invalidPatchesAre400ValidationFailed(String patch) {
        String id = create(CANONICAL);
        assertProblem(client.patch("/api/v1/leads/" + id, patch, "\"1\""), 400, "validation-failed");
        assertThat(client.get("/api/v1/leads/" + id).header("ETag")).isEqualTo("\"1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"favouriteColour\":\"blue\"}",
            "{\"industry\":\"SPACE\"}",
            "{\"companySize\":\"many\"}",
            "{\"status\":\"WON\"}",
            "{\"ownerId\":42}",
    })
    void unknownMembersValuesAndWrongTypesInAPatchAre400InvalidValue(String patch) {
        String id = create(CANONICAL);
        assertProblem(client.patch("/api/v1/leads/" + id, patch, "\"1\""), 400, "invalid-value");
    }

    @Test
    void anotherTenantsLeadIsNotFound() {
        String id = create(CANONICAL);
        TenantClient other = TenantClient.newTenant(port);

        assertProblem(other.get("/api/v1/leads/" + id), 404, "not-found");
        assertProblem(other.patch("/api/v1/leads/" + id, "{\"status\":\"CONTACTED\"}", "\"1\""), 404, "not-found");
        assertProblem(other.post("/api/v1/leads/" + id + "/convert", "{}"), 404, "not-found");
        assertThat(other.get("/api/v1/leads").json().get("items").size()).isZero();
        assertProblem(client.get("/api/v1/leads/" + UUID.randomUUID()), 404, "not-found");
        assertThat(client.get("/api/v1/leads/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void listsFilterAndPageStablyWithACursor() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("{\"lastName\":\"L" + i + "\",\"source\":\"" + (i % 2 == 0 ? "WEB" : "EVENT")
                    + "\"}"));
        }
        String qualifiedId = create("{\"lastName\":\"Q\",\"source\":\"WEB\"}");
        client.patch("/api/v1/leads/" + qualifiedId, "{\"status\":\"CONTACTED\"}", "\"1\"");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page = client.get("/api/v1/leads?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> paged.add(item.get("id").asString()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            if (paged.size() == 2) {
                create("{\"lastName\":\"Inserted while paging\"}"); // newest first: never shows up in later pages
            }
        } while (cursor != null);
        assertThat(paged).hasSize(6).doesNotHaveDuplicates().containsAll(created).contains(qualifiedId);

        assertThat(ids(client.get("/api/v1/leads?source=EVENT").json())).hasSize(2);
        assertThat(ids(client.get("/api/v1/leads?status=CONTACTED").json())).containsExactly(qualifiedId);
        assertThat(ids(client.get("/api/v1/leads?ownerId=rita").json())).hasSize(7);
        assertThat(ids(client.get("/api/v1/leads?ownerId=nobody").json())).isEmpty();
        Response byScore = client.get("/api/v1/leads?sort=-score,createdAt");
        assertThat(byScore.status()).isEqualTo(200);
        assertThat(byScore.json().get("items").get(0).get("score").asInt()).isEqualTo(12); // EVENT

        assertProblem(client.get("/api/v1/leads?sort=lastName"), 400, "validation-failed");
        assertProblem(client.get("/api/v1/leads?cursor=garbage"), 400, "invalid-cursor");
        assertThat(client.get("/api/v1/leads?status=WON").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/leads?limit=500").status()).isEqualTo(400);
    }

    @Test
    void writingNeedsTheSalesWriteScope() {
        TenantClient reader = TenantClient.forTenant(port, client.tenant(), Set.of("sales:read"));
        assertThat(reader.post("/api/v1/leads", CANONICAL).status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/leads").status()).isEqualTo(200);
    }

    private String create(String body) {
        Response created = client.post("/api/v1/leads", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static List<String> explanation(JsonNode lead) {
        List<String> rules = new ArrayList<>();
        lead.get("scoreExplanation").forEach(c -> rules.add(c.get("rule").asString() + "=" + c.get("points").asInt()));
        return rules;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
