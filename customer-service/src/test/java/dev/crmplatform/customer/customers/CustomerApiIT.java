package dev.crmplatform.customer.customers;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class CustomerApiIT {

    static final String ALICE = """
            {"type":"PERSON","firstName":"Alice","lastName":"Smith",
             "emails":[{"address":"Alice.Smith@Example.com","primary":true}],
             "phones":[{"number":"+1 415 555 0100","type":"MOBILE"}],
             "lifecycleStage":"LEAD","tags":["vip"],"creditLimit":{"amount":"5000.00","currency":"EUR"}}""";
    static final String ACME = """
            {"type":"ORGANIZATION","organizationName":"Acme GmbH","emails":[{"address":"info@acme.example","primary":true}]}""";

    @LocalServerPort
    int port;

    TenantClient api;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
    }

    @Test
    void createsTheCanonicalPersonWithNormalisedContactData() {
        Response created = api.post("/api/v1/customers", ALICE);

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/customers/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.at("/emails/0/address").asString()).isEqualTo("alice.smith@example.com");
        assertThat(body.at("/phones/0/number").asString()).isEqualTo("+14155550100");
        assertThat(body.get("displayName").asString()).isEqualTo("Alice Smith");
        assertThat(body.at("/creditLimit/amount").asString()).isEqualTo("5000.00");
        assertThat(body.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(body.get("createdBy").asString()).startsWith("user-");

        Response read = api.get("/api/v1/customers/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json()).isEqualTo(body);
    }

    @Test
    void createsTheCanonicalOrganisation() {
        Response created = api.post("/api/v1/customers", ACME);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("displayName").asString()).isEqualTo("Acme GmbH");
        assertThat(created.json().get("lifecycleStage").asString()).isEqualTo("LEAD");
        // optional properties without a value are left out (the spec does not allow null for them), nullable ones
        // are written as null
        assertThat(created.json().has("firstName")).isFalse();
        assertThat(created.json().has("ownerId")).isFalse();
        assertThat(created.json().has("creditLimit")).isFalse();
        assertThat(created.json().get("mergedInto").isNull()).isTrue();
    }

    @Test
    void aReplayedIdempotencyKeyReturnsTheOriginalCustomer() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Response first = api.exchange(HttpMethod.POST, "/api/v1/customers", ACME, MediaType.APPLICATION_JSON, key);
        Response replay = api.exchange(HttpMethod.POST, "/api/v1/customers", ACME, MediaType.APPLICATION_JSON, key);
        Response reused = api.exchange(HttpMethod.POST, "/api/v1/customers", ALICE, MediaType.APPLICATION_JSON, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).endsWith("/idempotency-key-reused");
        assertThat(ids(api.get("/api/v1/customers"))).hasSize(1);
    }

    @Test
    void anExactEmailOrPhoneMatchIsAConflictUnlessDuplicatesAreAllowed() {
        String first = api.post("/api/v1/customers", ALICE).json().get("id").asString();

        Response byPhone = api.post("/api/v1/customers",
                "{\"type\":\"PERSON\",\"firstName\":\"Al\",\"phones\":[{\"number\":\"+14155550100\"}]}");
        assertThat(byPhone.status()).isEqualTo(409);
        assertThat(byPhone.problemType()).isEqualTo("https://crmplatform.dev/problems/duplicate-customer");
        assertThat(byPhone.json().get("existingIds").get(0).asString()).isEqualTo(first);

        Response byEmail = api.post("/api/v1/customers",
                "{\"type\":\"PERSON\",\"firstName\":\"Al\",\"emails\":[{\"address\":\"ALICE.smith@example.com\"}]}");
        assertThat(byEmail.status()).isEqualTo(409);

        Response allowed = api.post("/api/v1/customers?allowDuplicate=true", ALICE);
        assertThat(allowed.status()).isEqualTo(201);
    }

    @Test
    void patchesWithIfMatchAndRejectsStaleOrMissingVersions() {
        String id = api.createCustomer(ALICE);

        Response missing = api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"PROSPECT\"}", null);
        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.problemType()).endsWith("/precondition-required");

        Response patched = api.patch("/api/v1/customers/" + id,
                "{\"lifecycleStage\":\"PROSPECT\",\"lastName\":null,\"customFields\":{\"size\":42}}", "\"1\"");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().get("lifecycleStage").asString()).isEqualTo("PROSPECT");
        assertThat(patched.json().has("lastName") && !patched.json().get("lastName").isNull()).isFalse();
        assertThat(patched.json().get("displayName").asString()).isEqualTo("Alice");
        assertThat(patched.json().at("/customFields/size").asInt()).isEqualTo(42);
        assertThat(patched.json().at("/emails/0/address").asString()).isEqualTo("alice.smith@example.com");

        // null for an array empties it (documented in CustomerPatch)
        Response emptied = api.patch("/api/v1/customers/" + id, "{\"tags\":null,\"phones\":null}", "\"2\"");
        assertThat(emptied.status()).as(emptied.body()).isEqualTo(200);
        assertThat(emptied.json().get("tags")).isEmpty();
        assertThat(emptied.json().get("phones")).isEmpty();
        assertThat(emptied.json().get("emails")).hasSize(1);

        Response stale = api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"CUSTOMER\"}", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.problemType()).endsWith("/precondition-failed");
        assertThat(api.get("/api/v1/customers/" + id).json().get("lifecycleStage").asString()).isEqualTo("PROSPECT");
    }

    @Test
    void patchRejectsReadOnlyFieldsAndInvalidResults() {
        String id = api.createCustomer(ALICE);

        Response readOnly = api.patch("/api/v1/customers/" + id, "{\"version\":7,\"type\":\"ORGANIZATION\"}", "\"1\"");
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(fields(readOnly)).contains("version", "type");

        Response noName = api.patch("/api/v1/customers/" + id, "{\"firstName\":null,\"lastName\":null}", "\"1\"");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(fields(noName)).contains("firstName");

        Response badPhone = api.patch("/api/v1/customers/" + id, "{\"phones\":[{\"number\":\"12\"}]}", "\"1\"");
        assertThat(badPhone.status()).isEqualTo(400);

        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void everyChangeIsInTheHistoryNewestFirst() {
        String id = api.createCustomer(ALICE);
        api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"PROSPECT\"}", "\"1\"");
        api.put("/api/v1/customers/" + id + "/tags/gold", null);

        Response first = api.get("/api/v1/customers/" + id + "/history?limit=2");
        assertThat(first.status()).isEqualTo(200);
        JsonNode items = first.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("version").asLong()).isEqualTo(3);
        assertThat(items.get(0).get("changeType").asString()).isEqualTo("TAG_ADDED");
        assertThat(items.get(1).at("/snapshot/lifecycleStage").asString()).isEqualTo("PROSPECT");
        assertThat(items.get(1).get("changedBy").asString()).startsWith("user-");

        Response second = api.get("/api/v1/customers/" + id + "/history?limit=2&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().at("/items/0/changeType").asString()).isEqualTo("CREATED");
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/api/v1/customers/" + UUID.randomUUID() + "/history").status()).isEqualTo(404);
    }

    @Test
    void archivingHidesFromListsUnlessAskedFor() {
        String id = api.createCustomer(ALICE);
        Response archived = api.delete("/api/v1/customers/" + id);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(api.delete("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(2);

        assertThat(api.get("/api/v1/customers/" + id).json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(ids(api.get("/api/v1/customers"))).doesNotContain(id);
        assertThat(ids(api.get("/api/v1/customers?includeArchived=true"))).contains(id);
    }

    @Test
    void addsAndRemovesTagsIdempotently() {
        String id = api.createCustomer(ALICE);

        Response added = api.put("/api/v1/customers/" + id + "/tags/gold", null);
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().get("tags").toString()).contains("vip", "gold");
        assertThat(api.put("/api/v1/customers/" + id + "/tags/gold", null).json().get("version").asLong()).isEqualTo(2);

        Response removed = api.delete("/api/v1/customers/" + id + "/tags/vip");
        assertThat(removed.json().get("tags").toString()).doesNotContain("vip");
        assertThat(ids(api.get("/api/v1/customers?tag=gold"))).containsExactly(id);
        assertThat(api.put("/api/v1/customers/" + id + "/tags/Not%20A%20Tag", null).status()).isEqualTo(400);
    }

    @Test
    void aFiftyFirstTagIsRefusedSoTheCustomerStaysPatchable() {
        String tags = IntStream.range(0, 50).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        String id = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Tess\",\"tags\":[" + tags + "]}");

        assertProblem(api.put("/api/v1/customers/" + id + "/tags/one-more", null), 422,
                "too-many-items");
        assertThat(api.put("/api/v1/customers/" + id + "/tags/t7", null).status()).as("already there").isEqualTo(200);
        Response patched = api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"CUSTOMER\"}", "\"1\"");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("tags")).hasSize(50);
    }

    @Test
    void listsWithFiltersSortingAndStableCursors() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"P" + i + "\",\"lifecycleStage\":\""
                    + (i % 2 == 0 ? "LEAD" : "CUSTOMER") + "\",\"ownerId\":\"rep-" + (i % 3) + "\"}"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get("/api/v1/customers?limit=3&sort=createdAt" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(ids(page));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            if (seen.size() == 3) {
                // inserted while paging: lands after the cursor, never shifts what was seen
                created.add(api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Late\"}"));
            }
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(created);

        assertThat(ids(api.get("/api/v1/customers?lifecycleStage=CUSTOMER"))).hasSize(3);
        assertThat(ids(api.get("/api/v1/customers?ownerId=rep-0"))).hasSize(3);
        assertThat(ids(api.get("/api/v1/customers?type=ORGANIZATION"))).isEmpty();
        assertThat(api.get("/api/v1/customers?sort=displayName,-createdAt").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/customers?updatedSince=2000-01-01T00:00:00Z").json().get("items").size()).isEqualTo(8);
    }

    @Test
    void searchIsTolerantOfTyposAndPartialInput() {
        String alice = api.createCustomer(ALICE);
        api.createCustomer(ACME);
        api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bob\",\"lastName\":\"Jones\"}");

        assertThat(ids(api.get("/api/v1/customers?q=alice"))).first().isEqualTo(alice);
        assertThat(ids(api.get("/api/v1/customers?q=Alcie Smith"))).contains(alice);
        assertThat(ids(api.get("/api/v1/customers?q=smi"))).contains(alice);
        assertThat(ids(api.get("/api/v1/customers?q=alice.smith@example"))).first().isEqualTo(alice);
        assertThat(ids(api.get("/api/v1/customers?q=415 555 0100"))).containsExactly(alice);
        assertThat(ids(api.get("/api/v1/customers?q=zzzzqqq"))).isEmpty();
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        Map<String, String> cases = Map.of(
                "{\"type\":\"PERSON\",", "/malformed-json",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"tags\":{\"a\":1}}", "/invalid-value",
                "{\"type\":\"ROBOT\",\"firstName\":\"R2\"}", "/invalid-value",
                "{\"type\":\"PERSON\",\"firstName\":\"" + "x".repeat(201) + "\"}", "/validation-failed",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"emails\":[{\"address\":\"not-an-email\"}]}", "/validation-failed",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"phones\":[{\"number\":\"+1 000\"}]}", "/validation-failed",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"creditLimit\":{\"amount\":\"-1.00\",\"currency\":\"EUR\"}}", "/validation-failed",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"customFields\":{\"nested\":{\"a\":1}}}", "/validation-failed",
                "{\"type\":\"ORGANIZATION\"}", "/validation-failed");
        cases.forEach((body, type) -> {
            Response response = api.post("/api/v1/customers", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
            assertThat(response.problemType()).as(body).isEqualTo("https://crmplatform.dev/problems" + type);
        });

        Response unknownEnum = api.post("/api/v1/customers", "{\"type\":\"ROBOT\"}");
        assertThat(unknownEnum.json().get("errors").toString()).contains("PERSON", "ORGANIZATION");

        Response wrongMedia = api.exchange(HttpMethod.POST, "/api/v1/customers", ALICE, MediaType.TEXT_PLAIN, Map.of());
        assertThat(wrongMedia.status()).isEqualTo(415);

        Response oversized = api.post("/api/v1/customers",
                "{\"type\":\"PERSON\",\"firstName\":\"A\",\"customFields\":{\"big\":\"" + "x".repeat(2_000_000) + "\"}}");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.problemType()).endsWith("/payload-too-large");

        Response unknown = api.get("/api/v1/customers/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).endsWith("/not-found");
        assertThat(api.get("/api/v1/customers/not-a-uuid").status()).isEqualTo(400);

        assertThat(api.get("/api/v1/customers").json().get("items").size()).isZero();
    }

    static List<String> ids(Response page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    static List<String> fields(Response problem) {
        List<String> fields = new ArrayList<>();
        problem.json().path("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
