package dev.crmplatform.customer.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.CustomerEventsTopic;
import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class ConsentsIT {

    static final String PERSON = "{\"type\":\"PERSON\",\"firstName\":\"Consuela\",\"lastName\":\"Sent\"}";
    static final String CONSENT_CHANGED = "crm.customer.consent-changed.v1";
    static final String PROBLEMS = "https://crmplatform.dev/problems/";

    @LocalServerPort
    int port;

    TenantClient api;
    CustomerEventsTopic topic;

    @BeforeEach
    void setUp() {
        api = TenantClient.newTenant(port);
        topic = new CustomerEventsTopic();
    }

    @AfterEach
    void tearDown() {
        topic.close();
    }

    @Test
    void theCanonicalConsentIsRecordedWithHistoryAndPublishedWithTheCustomersNewVersion() {
        String id = api.createCustomer(PERSON);

        Response put = api.put(consents(id),
                "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"status\":\"GRANTED\",\"source\":\"web-form\"}");

        assertThat(put.status()).isEqualTo(200);
        JsonNode body = put.json();
        assertThat(body.get("customerId").asString()).isEqualTo(id);
        assertThat(body.get("current")).hasSize(1);
        JsonNode current = body.get("current").get(0);
        assertThat(current.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(current.get("purpose").asString()).isEqualTo("MARKETING");
        assertThat(current.get("status").asString()).isEqualTo("GRANTED");
        assertThat(current.get("source").asString()).isEqualTo("web-form");
        assertThat(current.get("recordedBy").asString()).isEqualTo(actor(api));
        Instant changedAt = Instant.parse(current.get("changedAt").asString());
        assertThat(changedAt).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(body.get("history")).hasSize(1);
        JsonNode first = body.get("history").get(0);
        assertThat(first.has("previousStatus") && !first.get("previousStatus").isNull()).isFalse();
        assertThat(first.get("recordedAt").asString()).isNotBlank();
        assertThat(api.get(consents(id)).json()).isEqualTo(body);

        // consent is part of the customer aggregate: its version moves, with a history entry for the new version
        JsonNode customer = api.get("/api/v1/customers/" + id).json();
        assertThat(customer.get("version").asLong()).isEqualTo(2);

        ConsumerRecord<String, byte[]> event = topic.await(id, CONSENT_CHANGED);
        assertThat(CustomerEventsTopic.aggregateVersion(event)).isEqualTo(2);
        assertThat(event.key()).isEqualTo(id);
        JsonNode payload = CustomerEventsTopic.payload(event);
        assertThat(payload.get("customerId").asString()).isEqualTo(id);
        assertThat(payload.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(payload.get("purpose").asString()).isEqualTo("MARKETING");
        assertThat(payload.get("status").asString()).isEqualTo("GRANTED");
        assertThat(payload.get("source").asString()).isEqualTo("web-form");
        assertThat(Instant.parse(payload.get("changedAt").asString())).isEqualTo(changedAt);
    }

    @Test
    void changesAppendToTheHistoryNewestFirstAndEachIsPublishedInOrder() {
        String id = api.createCustomer(PERSON);
        put(id, "EMAIL", "MARKETING", "GRANTED", "web-form", null);
        put(id, "SMS", "SERVICE", "DENIED", "phone-call", null);
        Response withdrawn = put(id, "EMAIL", "MARKETING", "WITHDRAWN", "unsubscribe-link", null);

        JsonNode body = withdrawn.json();
        assertThat(body.get("current")).hasSize(2);
        assertThat(body.get("history")).hasSize(3);
        JsonNode newest = body.get("history").get(0);
        assertThat(newest.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(newest.get("previousStatus").asString()).isEqualTo("GRANTED");
        assertThat(newest.get("source").asString()).isEqualTo("unsubscribe-link");
        assertThat(body.get("history").get(2).get("status").asString()).isEqualTo("GRANTED");
        JsonNode email = find(body.get("current"), "EMAIL", "MARKETING");
        assertThat(email.get("status").asString()).isEqualTo("WITHDRAWN");

        var events = topic.awaitCount(id, CONSENT_CHANGED, 3);
        assertThat(events).extracting(CustomerEventsTopic::aggregateVersion).containsExactly(2L, 3L, 4L);
        JsonNode last = CustomerEventsTopic.payload(events.get(2));
        assertThat(last.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(last.get("previousStatus").asString()).isEqualTo("GRANTED");
    }

    @Test
    void restatingTheSameStatusIsRecordedAndPublishedButAnExactReplayChangesNothing() {
        String id = api.createCustomer(PERSON);
        put(id, "EMAIL", "MARKETING", "GRANTED", "web-form", null);
        String signedAt = "2026-01-15T09:30:00Z";
        Response restated = put(id, "EMAIL", "MARKETING", "GRANTED", "paper-form", signedAt);

        JsonNode current = restated.json().get("current").get(0);
        assertThat(current.get("source").asString()).isEqualTo("paper-form");
        assertThat(Instant.parse(current.get("changedAt").asString())).isEqualTo(Instant.parse(signedAt));
        assertThat(restated.json().get("history")).hasSize(2);
        JsonNode entry = restated.json().get("history").get(0);
        assertThat(entry.get("previousStatus").asString()).isEqualTo("GRANTED");
        assertThat(Instant.parse(entry.get("changedAt").asString())).isEqualTo(Instant.parse(signedAt));
        assertThat(Instant.parse(entry.get("recordedAt").asString())).isAfter(Instant.parse(signedAt));

        var events = topic.awaitCount(id, CONSENT_CHANGED, 2);
        JsonNode payload = CustomerEventsTopic.payload(events.get(1));
        assertThat(payload.get("status").asString()).isEqualTo("GRANTED");
        assertThat(payload.get("previousStatus").asString()).isEqualTo("GRANTED");
        assertThat(payload.get("source").asString()).isEqualTo("paper-form");

        // a retried PUT (same status, source and changedAt) is idempotent
        Response replay = put(id, "EMAIL", "MARKETING", "GRANTED", "paper-form", signedAt);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("history")).hasSize(2);
        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void aCustomerWithoutConsentsHasEmptyLists() {
        String id = api.createCustomer(PERSON);
        Response response = api.get(consents(id));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("current")).isEmpty();
        assertThat(response.json().get("history")).isEmpty();
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        String id = api.createCustomer(PERSON);

        Response unknownChannel = api.put(consents(id),
                "{\"channel\":\"FAX\",\"purpose\":\"MARKETING\",\"status\":\"GRANTED\",\"source\":\"web-form\"}");
        assertThat(unknownChannel.status()).isEqualTo(400);
        assertThat(unknownChannel.problemType()).isEqualTo(PROBLEMS + "invalid-value");
        assertThat(unknownChannel.body()).contains("EMAIL", "SMS", "PHONE", "PUSH");

        Response unknownStatus = api.put(consents(id),
                "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"status\":\"MAYBE\",\"source\":\"web-form\"}");
        assertThat(unknownStatus.status()).isEqualTo(400);
        assertThat(unknownStatus.body()).contains("GRANTED", "DENIED", "WITHDRAWN");

        Response missing = api.put(consents(id), "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.problemType()).isEqualTo(PROBLEMS + "validation-failed");
        assertThat(missing.json().get("errors").toString()).contains("status", "source");

        Response tooLong = put(id, "EMAIL", "MARKETING", "GRANTED", "x".repeat(101), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.problemType()).isEqualTo(PROBLEMS + "validation-failed");

        Response blank = put(id, "EMAIL", "MARKETING", "GRANTED", "   ", null);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.problemType()).isEqualTo(PROBLEMS + "validation-failed");

        Response future = put(id, "EMAIL", "MARKETING", "GRANTED", "web-form",
                Instant.now().plus(1, ChronoUnit.DAYS).toString());
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.problemType()).isEqualTo(PROBLEMS + "validation-failed");
        assertThat(future.json().get("errors").toString()).contains("changedAt");

        Response malformed = api.put(consents(id), "{\"channel\":");
        assertThat(malformed.status()).isEqualTo(400);

        assertThat(api.get(consents(id)).json().get("history")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void unknownAndOtherTenantsCustomersAreNotFound() {
        String id = api.createCustomer(PERSON);
        TenantClient other = TenantClient.newTenant(port);
        String body = "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"status\":\"GRANTED\",\"source\":\"web-form\"}";

        for (String path : new String[] {consents(UUID.randomUUID().toString()), consents(id)}) {
            TenantClient caller = path.contains(id) ? other : api;
            assertThat(caller.get(path).status()).isEqualTo(404);
            Response put = caller.put(path, body);
            assertThat(put.status()).isEqualTo(404);
            assertThat(put.problemType()).isEqualTo(PROBLEMS + "not-found");
        }
        assertThat(api.get(consents(id)).json().get("history")).isEmpty();
    }

    @Test
    void anErasedCustomersConsentCannotChange() {
        String id = api.createCustomer(PERSON);
        assertThat(api.post("/api/v1/customers/" + id + "/erasure", null).status()).isEqualTo(200);

        Response put = put(id, "EMAIL", "MARKETING", "GRANTED", "web-form", null);
        assertThat(put.status()).isEqualTo(422);
        assertThat(put.problemType()).isEqualTo(PROBLEMS + "customer-erased");
    }

    private Response put(String id, String channel, String purpose, String status, String source, String changedAt) {
        return api.put(consents(id), "{\"channel\":\"" + channel + "\",\"purpose\":\"" + purpose + "\",\"status\":\""
                + status + "\",\"source\":\"" + source + "\""
                + (changedAt == null ? "" : ",\"changedAt\":\"" + changedAt + "\"") + "}");
    }

    private static JsonNode find(JsonNode consents, String channel, String purpose) {
        for (JsonNode consent : consents) {
            if (consent.get("channel").asString().equals(channel) && consent.get("purpose").asString().equals(purpose)) {
                return consent;
            }
        }
        throw new AssertionError("no consent for " + channel + "/" + purpose + " in " + consents);
    }

    static String consents(String id) {
        return "/api/v1/customers/" + id + "/consents";
    }

    static String actor(TenantClient client) {
        return "user-" + client.tenant().toString().substring(0, 8);
    }
}
