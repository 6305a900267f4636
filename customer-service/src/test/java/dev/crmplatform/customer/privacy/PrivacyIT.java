package dev.crmplatform.customer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.CustomerEventsTopic;
import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class PrivacyIT {

    static final String PROBLEMS = "https://crmplatform.dev/problems/";
    static final String ERASED = "crm.customer.erased.v1";

    @LocalServerPort
    int port;

    @Value("${crm.test.database-name}")
    String databaseName;

    TenantClient api;
    CustomerEventsTopic topic;
    Person person;

    @BeforeEach
    void setUp() {
        api = TenantClient.newTenant(port);
        topic = new CustomerEventsTopic();
        person = Person.random();
    }

    @AfterEach
    void tearDown() {
        topic.close();
    }

    @Test
    void theExportHoldsEverythingAboutTheCustomer() throws SQLException {
        Fixture f = fixture();

        Response response = api.get("/api/v1/customers/" + f.id + "/export");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode export = response.json();
        assertThat(export.get("exportedAt").asString()).isNotBlank();
        JsonNode customer = export.get("customer");
        assertThat(customer.get("id").asString()).isEqualTo(f.id);
        assertThat(customer.get("firstName").asString()).isEqualTo(person.first);
        assertThat(customer.get("lastName").asString()).isEqualTo("Patched");
        assertThat(customer.at("/emails/0/address").asString()).isEqualTo(person.email);
        assertThat(customer.at("/phones/0/number").asString()).isEqualTo(person.phone);
        assertThat(customer.at("/customFields/nickname").asString()).isEqualTo(person.first + "y");

        // history: every version, oldest first, with full snapshots
        JsonNode history = export.get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("changeType").asString()).isEqualTo("CREATED");
        assertThat(history.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(history.get(0).at("/snapshot/lastName").asString()).isEqualTo(person.last);
        assertThat(history.get(1).get("changeType").asString()).isEqualTo("UPDATED");
        assertThat(history.get(1).at("/snapshot/lastName").asString()).isEqualTo("Patched");
        assertThat(history.get(2).get("changeType").asString()).isEqualTo("CONSENT_CHANGED");
        assertThat(history.get(2).get("version").asLong()).isEqualTo(customer.get("version").asLong());

        JsonNode relationships = export.get("relationships");
        assertThat(relationships).hasSize(2);
        JsonNode outgoing = relationship(relationships, "OUTGOING");
        assertThat(outgoing.get("type").asString()).isEqualTo("EMPLOYEE_OF");
        assertThat(outgoing.get("sourceId").asString()).isEqualTo(f.id);
        assertThat(outgoing.get("otherCustomerId").asString()).isEqualTo(f.org);
        assertThat(outgoing.get("otherDisplayName").asString()).isEqualTo("Acme Privacy GmbH");
        assertThat(outgoing.get("role").asString()).isEqualTo("CEO " + person.first);
        JsonNode incoming = relationship(relationships, "INCOMING");
        assertThat(incoming.get("type").asString()).isEqualTo("CONTACT_OF");
        assertThat(incoming.get("targetId").asString()).isEqualTo(f.id);
        assertThat(incoming.get("otherCustomerId").asString()).isEqualTo(f.colleague);

        JsonNode consents = export.get("consents");
        assertThat(consents.get("current")).hasSize(1);
        assertThat(consents.at("/current/0/source").asString()).isEqualTo("form signed by " + person.first);
        assertThat(consents.get("history")).hasSize(1);

        JsonNode interactions = export.get("interactions");
        assertThat(interactions).hasSize(2);
        assertThat(interactions.get(0).get("summary").asString()).isEqualTo("Met " + person.first + " for lunch");

        assertThat(export.get("mergedCustomerIds")).hasSize(1);
        assertThat(export.get("mergedCustomerIds").get(0).asString()).isEqualTo(f.merged);
    }

    @Test
    void erasureLeavesNoPersonalDataInAnyTableAndIsPublished() throws SQLException {
        Fixture f = fixture();
        assertThat(personalDataRows(f.id)).as("the fixture holds the person's data").isNotEmpty();

        Response erased = api.post("/api/v1/customers/" + f.id + "/erasure", null);

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.json().get("customerId").asString()).isEqualTo(f.id);
        assertThat(erased.json().get("status").asString()).isEqualTo("ERASED");
        String erasedAt = erased.json().get("erasedAt").asString();

        assertThat(personalDataRows(f.id)).isEmpty();
        assertThat(personalDataRows(f.merged)).isEmpty();

        JsonNode customer = api.get("/api/v1/customers/" + f.id).json();
        assertThat(customer.get("status").asString()).isEqualTo("ERASED");
        assertThat(customer.get("displayName").asString()).isEqualTo("Erased customer");
        assertThat(customer.has("firstName") && !customer.get("firstName").isNull()).isFalse();
        assertThat(customer.get("emails")).isEmpty();
        assertThat(customer.get("phones")).isEmpty();
        assertThat(customer.get("addresses")).isEmpty();
        assertThat(customer.get("tags")).isEmpty();
        assertThat(customer.get("customFields")).isEmpty();
        // non-personal aggregates stay
        assertThat(customer.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(customer.at("/creditLimit/amount").asString()).isEqualTo("5000.00");
        assertThat(customer.get("ownerId").asString()).isEqualTo("owner-1");
        assertThat(api.get("/api/v1/customers/" + f.merged).json().get("status").asString()).isEqualTo("ERASED");

        // what stays is proof of consent handling and the shape of the timeline, not its content
        JsonNode export = api.get("/api/v1/customers/" + f.id + "/export").json();
        assertThat(export.at("/consents/current/0/status").asString()).isEqualTo("GRANTED");
        assertThat(export.at("/consents/current/0/source").asString()).isEqualTo("[erased]");
        assertThat(export.get("interactions")).hasSize(2);
        export.get("interactions").forEach(i -> assertThat(i.get("summary").asString()).isEqualTo("[erased]"));
        assertThat(export.get("relationships")).hasSize(2);
        JsonNode history = export.get("history");
        assertThat(history).hasSize(4);
        JsonNode created = history.get(0).get("snapshot");
        assertThat(history.get(0).get("changeType").asString()).isEqualTo("CREATED");
        assertThat(created.get("displayName").asString()).isEqualTo("Erased customer");
        assertThat(created.get("emails")).isEmpty();
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("lifecycleStage").asString()).isEqualTo("CUSTOMER");
        assertThat(history.get(3).get("changeType").asString()).isEqualTo("ERASED");
        assertThat(history.get(3).get("snapshot").get("status").asString()).isEqualTo("ERASED");
        // the history API still serves the anonymised snapshots as customers
        Response historyPage = api.get("/api/v1/customers/" + f.id + "/history");
        assertThat(historyPage.status()).isEqualTo(200);
        assertThat(historyPage.json().get("items")).hasSize(4);
        assertThat(api.get("/api/v1/customers?q=" + person.first.toLowerCase()).json().get("items")).isEmpty();

        // the event carries no personal data and comes after the customer's earlier events
        ConsumerRecord<String, byte[]> event = topic.await(f.id, ERASED);
        assertThat(CustomerEventsTopic.payload(event).get("customerId").asString()).isEqualTo(f.id);
        assertThat(CustomerEventsTopic.payload(event).get("erasedAt").asString()).isEqualTo(erasedAt);
        assertThat(CustomerEventsTopic.aggregateVersion(event)).isEqualTo(customer.get("version").asLong());
        assertThat(CustomerEventsTopic.payloadText(event)).doesNotContain(person.first, person.email, person.phone);
        List<ConsumerRecord<String, byte[]>> all = topic.events(f.id);
        assertThat(all.getLast().offset()).isEqualTo(event.offset());
        assertThat(all).extracting(CustomerEventsTopic::aggregateVersion).isSorted();
        assertThat(topic.await(f.merged, ERASED)).isNotNull();
    }

    @Test
    void erasingTwiceIsIdempotent() {
        String id = api.createCustomer(person.json());
        Response first = api.post("/api/v1/customers/" + id + "/erasure", null);
        long version = api.get("/api/v1/customers/" + id).json().get("version").asLong();

        Response second = api.post("/api/v1/customers/" + id + "/erasure", null);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(version);
        topic.await(id, ERASED);
        assertThat(topic.events(id, ERASED)).hasSize(1);
    }

    @Test
    void anErasedCustomerCannotBeChanged() {
        String id = api.createCustomer(person.json());
        api.post("/api/v1/customers/" + id + "/erasure", null);

        Response patch = api.patch("/api/v1/customers/" + id, "{\"firstName\":\"Back\"}", "\"2\"");
        assertThat(patch.status()).isEqualTo(422);
        assertThat(patch.problemType()).isEqualTo(PROBLEMS + "customer-erased");
    }

    @Test
    void aMergedCustomerIsErasedThroughItsSurvivor() throws SQLException {
        Fixture f = fixture();

        Response response = api.post("/api/v1/customers/" + f.merged + "/erasure", null);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.problemType()).isEqualTo(PROBLEMS + "merge-not-allowed");
        assertThat(response.json().get("mergedInto").asString()).isEqualTo(f.id);
        assertThat(personalDataRows(f.merged)).isNotEmpty();
    }

    @Test
    void unknownAndOtherTenantsCustomersAreNotFound() {
        String id = api.createCustomer(person.json());
        TenantClient other = TenantClient.newTenant(port);

        for (Response response : List.of(
                other.post("/api/v1/customers/" + id + "/erasure", null),
                other.get("/api/v1/customers/" + id + "/export"),
                api.post("/api/v1/customers/" + UUID.randomUUID() + "/erasure", null),
                api.get("/api/v1/customers/" + UUID.randomUUID() + "/export"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.problemType()).isEqualTo(PROBLEMS + "not-found");
        }
        assertThat(api.get("/api/v1/customers/" + id).json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(api.post("/api/v1/customers/not-a-uuid/erasure", null).status()).isEqualTo(400);
    }

    /**
     * A customer with every kind of data: patched history, consent, interactions, relationships both ways and a
     * customer merged into it. Relationships and the merge tombstone are written as superuser so that this test
     * pins exactly the rows it checks, independent of what the merge feature moves to the survivor.
     */
    private Fixture fixture() throws SQLException {
        String id = api.createCustomer(person.json());
        assertThat(api.patch("/api/v1/customers/" + id, "{\"lastName\":\"Patched\"}", "\"1\"").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/customers/" + id + "/consents", "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\","
                + "\"status\":\"GRANTED\",\"source\":\"form signed by " + person.first + "\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/customers/" + id + "/interactions",
                "{\"type\":\"CALL\",\"summary\":\"Called " + person.phone + "\",\"occurredAt\":\"2026-11-01T10:00:00Z\"}")
                .status()).isEqualTo(201);
        assertThat(api.post("/api/v1/customers/" + id + "/interactions",
                "{\"type\":\"MEETING\",\"summary\":\"Met " + person.first + " for lunch\",\"occurredAt\":\"2026-11-02T10:00:00Z\"}")
                .status()).isEqualTo(201);
        String org = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme Privacy GmbH\"}");
        String colleague = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Colleague\"}");
        String merged = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"" + person.first + "\",\"lastName\":\""
                + person.last + "\",\"emails\":[{\"address\":\"old." + person.email + "\"}]}");
        try (Connection admin = TestDatabases.adminConnection(databaseName)) {
            insertRelationship(admin, id, org, "EMPLOYEE_OF", "CEO " + person.first);
            insertRelationship(admin, colleague, id, "CONTACT_OF", null);
            try (PreparedStatement merge = admin.prepareStatement(
                    "update customer set status = 'MERGED', merged_into = ? where id = ?")) {
                merge.setObject(1, UUID.fromString(id));
                merge.setObject(2, UUID.fromString(merged));
                merge.executeUpdate();
            }
        }
        return new Fixture(id, org, colleague, merged);
    }

    private void insertRelationship(Connection admin, String from, String to, String type, String note)
            throws SQLException {
        try (PreparedStatement insert = admin.prepareStatement("""
                insert into customer_relationship (id, tenant_id, from_customer_id, to_customer_id, type, note,
                    created_by, updated_by)
                values (gen_random_uuid(), ?, ?, ?, ?, ?, 'test', 'test')""")) {
            insert.setObject(1, api.tenant());
            insert.setObject(2, UUID.fromString(from));
            insert.setObject(3, UUID.fromString(to));
            insert.setString(4, type);
            insert.setString(5, note);
            insert.executeUpdate();
        }
    }

    /**
     * As superuser (past row-level security), every row of the customer-service tables linked to the customer
     * whose text mentions any of the person's names, emails (or their domain) or phone (with or without +).
     */
    private List<String> personalDataRows(String customerId) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("customer", "t.id = ?");
        tables.put("customer_change", "t.customer_id = ?");
        tables.put("customer_interaction", "t.customer_id = ?");
        tables.put("customer_consent", "t.customer_id = ?");
        tables.put("customer_consent_history", "t.customer_id = ?");
        tables.put("customer_relationship", "? in (t.from_customer_id, t.to_customer_id)");
        List<String> needles = List.of(person.first, person.last, person.email, person.emailDomain, person.phone,
                person.phone.substring(1));
        List<String> found = new ArrayList<>();
        try (Connection admin = TestDatabases.adminConnection(databaseName)) {
            for (var table : tables.entrySet()) {
                for (String needle : needles) {
                    try (PreparedStatement query = admin.prepareStatement("select t::text from " + table.getKey()
                            + " t where " + table.getValue() + " and strpos(lower(t::text), lower(?)) > 0")) {
                        query.setObject(1, UUID.fromString(customerId));
                        query.setString(2, needle);
                        try (ResultSet rows = query.executeQuery()) {
                            while (rows.next()) {
                                found.add(table.getKey() + " has '" + needle + "': " + rows.getString(1));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static JsonNode relationship(JsonNode relationships, String direction) {
        for (JsonNode r : relationships) {
            if (r.get("direction").asString().equals(direction)) {
                return r;
            }
        }
        throw new AssertionError("no " + direction + " relationship in " + relationships);
    }

    record Fixture(String id, String org, String colleague, String merged) {
    }

    /** Names, email and phone unique to one test, so the SQL check cannot match another test's rows. */
    record Person(String first, String last, String email, String emailDomain, String phone) {

        static Person random() {
            String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
            int line = ThreadLocalRandom.current().nextInt(100, 200);
            String domain = "zq" + tag + ".example";
            return new Person("Zelda" + tag, "Quist" + tag, "zelda." + tag + "@" + domain, domain,
                    "+1415555" + String.format("%04d", line));
        }

        String json() {
            return """
                    {"type":"PERSON","firstName":"%s","lastName":"%s",
                     "emails":[{"address":"%s","primary":true}],
                     "phones":[{"number":"%s","type":"MOBILE"}],
                     "addresses":[{"type":"HOME","line1":"1 %s Street","city":"Springfield","country":"US"}],
                     "lifecycleStage":"CUSTOMER","ownerId":"owner-1","tags":["vip-%s"],
                     "creditLimit":{"amount":"5000.00","currency":"EUR"},
                     "customFields":{"nickname":"%sy"}}""".formatted(first, last, email, phone, last, first.toLowerCase(), first);
        }
    }
}
