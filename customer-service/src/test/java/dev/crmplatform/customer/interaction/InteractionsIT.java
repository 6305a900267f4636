package dev.crmplatform.customer.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class InteractionsIT {

    static final String PERSON = "{\"type\":\"PERSON\",\"firstName\":\"Ira\",\"lastName\":\"Action\"}";
    static final String PROBLEMS = "https://crmplatform.dev/problems/";

    @LocalServerPort
    int port;

    TenantClient api;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
    }

    @Test
    void logsAnInteractionAsTheCallerAndReadsItBack() {
        String id = api.createCustomer(PERSON);

        Response created = api.post(interactions(id), "{\"type\":\"CALL\",\"summary\":\"Discussed the renewal\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String interactionId = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo(interactions(id) + "/" + interactionId);
        assertThat(body.get("customerId").asString()).isEqualTo(id);
        assertThat(body.get("type").asString()).isEqualTo("CALL");
        assertThat(body.get("summary").asString()).isEqualTo("Discussed the renewal");
        assertThat(body.get("actor").asString()).isEqualTo("user-" + api.tenant().toString().substring(0, 8));
        assertThat(Instant.parse(body.get("occurredAt").asString())).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(body.get("createdAt").asString()).isNotBlank();

        Response read = api.get(interactions(id) + "/" + interactionId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(body);

        // logging an interaction does not change the customer
        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void theTimelineIsNewestFirstPagedByCursorAndFilteredByType() {
        String id = api.createCustomer(PERSON);
        List<String> expected = new ArrayList<>();
        String[] types = {"NOTE", "CALL", "MEETING", "EMAIL", "NOTE"};
        for (int i = 0; i < types.length; i++) {
            String occurredAt = "2026-11-0" + (i + 1) + "T10:00:00Z";
            expected.addFirst(api.post(interactions(id), "{\"type\":\"" + types[i] + "\",\"summary\":\"entry " + i
                    + "\",\"occurredAt\":\"" + occurredAt + "\"}").json().get("id").asString());
        }
        // two at the same instant: the id breaks the tie, newest (larger UUIDv7) first
        String tieA = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"tie a\",\"occurredAt\":\"2026-10-01T00:00:00Z\"}")
                .json().get("id").asString();
        String tieB = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"tie b\",\"occurredAt\":\"2026-10-01T00:00:00Z\"}")
                .json().get("id").asString();
        expected.add(tieB);
        expected.add(tieA);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(interactions(id) + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);

        Response notes = api.get(interactions(id) + "?type=NOTE");
        assertThat(notes.json().get("items")).hasSize(4);
        notes.json().get("items").forEach(item -> assertThat(item.get("type").asString()).isEqualTo("NOTE"));
        assertThat(notes.json().get("nextCursor").isNull()).isTrue();

        assertThat(api.get(interactions(id) + "?type=MEETING").json().get("items")).hasSize(1);
    }

    @Test
    void aRetriedLogWithTheSameIdempotencyKeyIsLoggedOnce() {
        String id = api.createCustomer(PERSON);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"type\":\"EMAIL\",\"summary\":\"Sent the offer\"}";

        Response first = api.exchange(HttpMethod.POST, interactions(id), body, MediaType.APPLICATION_JSON, key);
        Response replay = api.exchange(HttpMethod.POST, interactions(id), body, MediaType.APPLICATION_JSON, key);
        Response reused = api.exchange(HttpMethod.POST, interactions(id), "{\"type\":\"EMAIL\",\"summary\":\"other\"}",
                MediaType.APPLICATION_JSON, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo(PROBLEMS + "idempotency-key-reused");
        assertThat(api.get(interactions(id)).json().get("items")).hasSize(1);
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        String id = api.createCustomer(PERSON);

        Response unknownType = api.post(interactions(id), "{\"type\":\"TELEGRAM\",\"summary\":\"x\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.problemType()).isEqualTo(PROBLEMS + "invalid-value");
        assertThat(unknownType.body()).contains("NOTE", "CALL", "MEETING", "EMAIL");

        Response missingSummary = api.post(interactions(id), "{\"type\":\"NOTE\"}");
        assertThat(missingSummary.status()).isEqualTo(400);
        assertThat(missingSummary.problemType()).isEqualTo(PROBLEMS + "validation-failed");
        assertThat(missingSummary.json().get("errors").toString()).contains("summary");

        Response missingType = api.post(interactions(id), "{\"summary\":\"x\"}");
        assertThat(missingType.status()).isEqualTo(400);
        assertThat(missingType.json().get("errors").toString()).contains("type");

        Response tooLong = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"" + "x".repeat(4001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problemType()).isEqualTo(PROBLEMS + "validation-failed");

        Response blank = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"  \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.problemType()).isEqualTo(PROBLEMS + "validation-failed");

        Response wrongTime = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"x\",\"occurredAt\":\"yesterday\"}");
        assertThat(wrongTime.status()).isEqualTo(400);

        for (String query : new String[] {"?limit=0", "?limit=201", "?cursor=not-a-cursor", "?type=FAX"}) {
            Response list = api.get(interactions(id) + query);
            assertThat(list.status()).as(query).isEqualTo(400);
            assertThat(list.header("Content-Type")).as(query).startsWith("application/problem+json");
        }

        assertThat(api.get(interactions(id)).json().get("items")).isEmpty();
    }

    @Test
    void unknownOtherTenantsAndOtherCustomersInteractionsAreNotFound() {
        String id = api.createCustomer(PERSON);
        String otherCustomer = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Other\"}");
        String interactionId = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"mine\"}").json()
                .get("id").asString();
        TenantClient otherTenant = TenantClient.newTenant(port);

        assertNotFound(api.get(interactions(UUID.randomUUID().toString())));
        assertNotFound(api.post(interactions(UUID.randomUUID().toString()), "{\"type\":\"NOTE\",\"summary\":\"x\"}"));
        assertNotFound(api.get(interactions(id) + "/" + UUID.randomUUID()));
        assertNotFound(api.get(interactions(otherCustomer) + "/" + interactionId));
        assertNotFound(otherTenant.get(interactions(id)));
        assertNotFound(otherTenant.get(interactions(id) + "/" + interactionId));
        assertNotFound(otherTenant.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"sneaky\"}"));

        assertThat(api.get(interactions(id)).json().get("items")).hasSize(1);
    }

    @Test
    void noInteractionCanBeLoggedForAnErasedCustomer() {
        String id = api.createCustomer(PERSON);
        assertThat(api.post("/api/v1/customers/" + id + "/erasure", null).status()).isEqualTo(200);

        Response created = api.post(interactions(id), "{\"type\":\"NOTE\",\"summary\":\"after erasure\"}");
        assertThat(created.status()).isEqualTo(422);
        assertThat(created.problemType()).isEqualTo(PROBLEMS + "customer-erased");
        assertThat(api.get(interactions(id)).json().get("items")).isEmpty();
    }

    private static void assertNotFound(Response response) {
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo(PROBLEMS + "not-found");
    }

    static String interactions(String id) {
        return "/api/v1/customers/" + id + "/interactions";
    }
}
