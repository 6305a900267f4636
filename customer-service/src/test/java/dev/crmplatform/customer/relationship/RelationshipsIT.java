package dev.crmplatform.customer.relationship;

import static dev.crmplatform.platform.test.ProblemAssertions.PROBLEMS;
import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class RelationshipsIT {

    @LocalServerPort
    int port;

    TenantClient api;
    String alice;
    String acme;

    @BeforeEach
    void customers() {
        api = TenantClient.newTenant(port);
        alice = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smith\"}");
        acme = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme GmbH\"}");
    }

    @Test
    void aRelationshipIsStoredOnceAndSeenFromBothEnds() {
        Response created = link(alice, "EMPLOYEE_OF", acme, "\"role\":\"CTO\"");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/customers/" + alice + "/relationships/" + id);
        assertThat(body.get("type").asString()).isEqualTo("EMPLOYEE_OF");
        assertThat(body.get("sourceId").asString()).isEqualTo(alice);
        assertThat(body.get("targetId").asString()).isEqualTo(acme);
        assertThat(body.get("direction").asString()).isEqualTo("OUTGOING");
        assertThat(body.get("otherCustomerId").asString()).isEqualTo(acme);
        assertThat(body.get("otherDisplayName").asString()).isEqualTo("Acme GmbH");
        assertThat(body.get("role").asString()).isEqualTo("CTO");
        assertThat(body.get("createdBy").asString()).startsWith("user-");
        assertThat(body.get("createdAt").asString()).endsWith("Z");

        JsonNode fromAcme = api.get("/api/v1/customers/" + acme + "/relationships").json().get("items");
        assertThat(fromAcme).hasSize(1);
        assertThat(fromAcme.get(0).get("id").asString()).isEqualTo(id);
        assertThat(fromAcme.get(0).get("direction").asString()).isEqualTo("INCOMING");
        assertThat(fromAcme.get(0).get("otherCustomerId").asString()).isEqualTo(alice);
        assertThat(fromAcme.get(0).get("otherDisplayName").asString()).isEqualTo("Alice Smith");
        assertThat(fromAcme.get(0).get("sourceId").asString()).isEqualTo(alice);

        Response fromAlice = api.get("/api/v1/customers/" + alice + "/relationships/" + id);
        assertThat(fromAlice.status()).isEqualTo(200);
        assertThat(fromAlice.json().get("direction").asString()).isEqualTo("OUTGOING");
        assertThat(api.get("/api/v1/customers/" + acme + "/relationships/" + id).json().get("direction").asString())
                .isEqualTo("INCOMING");

        String bystander = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bob\"}");
        assertThat(api.get("/api/v1/customers/" + bystander + "/relationships/" + id).status()).isEqualTo(404);
    }

    @Test
    void listsFilterByDirectionAndType() {
        String bob = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bob\"}");
        String parent = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme Holding\"}");
        String employee = link(bob, "EMPLOYEE_OF", acme, null).json().get("id").asString();
        String owner = link(parent, "PARENT_COMPANY_OF", acme, null).json().get("id").asString();
        String partner = link(acme, "PARTNER_OF", alice, null).json().get("id").asString();

        String base = "/api/v1/customers/" + acme + "/relationships";
        assertThat(ids(api.get(base))).containsExactly(employee, owner, partner);
        assertThat(ids(api.get(base + "?direction=INCOMING"))).containsExactly(employee, owner);
        assertThat(ids(api.get(base + "?direction=OUTGOING"))).containsExactly(partner);
        assertThat(ids(api.get(base + "?type=PARENT_COMPANY_OF"))).containsExactly(owner);
        assertThat(ids(api.get(base + "?type=PARENT_COMPANY_OF&direction=OUTGOING"))).isEmpty();
        assertThat(api.get(base + "?direction=SIDEWAYS").status()).isEqualTo(400);
    }

    @Test
    void pagesWithCursorsInCreationOrderEvenWhenLinksAreAddedMeanwhile() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String contact = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Contact" + i + "\"}");
            expected.add(link(contact, "CONTACT_OF", acme, null).json().get("id").asString());
        }
        String base = "/api/v1/customers/" + acme + "/relationships?limit=2";
        List<String> seen = new ArrayList<>();
        Response page = api.get(base);
        seen.addAll(ids(page));
        String late = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Late\"}");
        expected.add(link(late, "CONTACT_OF", acme, null).json().get("id").asString());
        while (!page.json().get("nextCursor").isNull()) {
            page = api.get(base + "&cursor=" + page.json().get("nextCursor").asString());
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(ids(page));
        }
        assertThat(seen).containsExactlyElementsOf(expected);

        Response badCursor = api.get(base + "&cursor=garbage");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(api.get(base.replace("limit=2", "limit=0")).status()).isEqualTo(400);
        assertThat(api.get(base.replace("limit=2", "limit=201")).status()).isEqualTo(400);
    }

    @Test
    void theSameLinkTwiceIsAConflict() {
        String first = link(alice, "EMPLOYEE_OF", acme, null).json().get("id").asString();
        Response again = link(alice, "EMPLOYEE_OF", acme, "\"role\":\"again\"");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo(PROBLEMS + "conflict");
        assertThat(again.json().get("existingId").asString()).isEqualTo(first);
        // another type, or the other direction, is another relationship
        assertThat(link(alice, "CONTACT_OF", acme, null).status()).isEqualTo(201);
        assertThat(link(acme, "EMPLOYEE_OF", alice, null).status()).isEqualTo(201);
    }

    @Test
    void badLinksAreProblemsAndWriteNothing() {
        Response self = link(alice, "PARTNER_OF", alice, null);
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.problemType()).isEqualTo(PROBLEMS + "self-relationship");

        Response unknownTarget = link(alice, "EMPLOYEE_OF", UUID.randomUUID().toString(), null);
        assertThat(unknownTarget.status()).isEqualTo(422);
        assertThat(unknownTarget.problemType()).isEqualTo(PROBLEMS + "related-customer-not-found");

        Response unknownSource = link(UUID.randomUUID().toString(), "EMPLOYEE_OF", acme, null);
        assertThat(unknownSource.status()).isEqualTo(404);
        assertThat(unknownSource.problemType()).isEqualTo(PROBLEMS + "not-found");

        String path = "/api/v1/customers/" + alice + "/relationships";
        assertProblem(api.post(path, "{\"type\":\"EMPLOYEE_OF\"}"), 400, "validation-failed");
        assertProblem(api.post(path, "{\"type\":\"BOSS_OF\",\"targetId\":\"" + acme + "\"}"), 400, "invalid-value");
        assertProblem(api.post(path, "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"not-a-uuid\"}"), 400, "invalid-value");
        assertProblem(api.post(path, "{\"type\":\"EMPLOYEE_OF\","), 400, "malformed-json");
        assertProblem(api.post(path, "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"" + acme + "\",\"role\":\""
                + "x".repeat(201) + "\"}"), 400, "validation-failed");
        assertProblem(api.get("/api/v1/customers/" + UUID.randomUUID() + "/relationships"), 404, "not-found");
        assertProblem(api.get(path + "/" + UUID.randomUUID()), 404, "not-found");

        assertThat(api.get(path).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + acme + "/relationships").json().get("items")).isEmpty();
    }

    @Test
    void eitherEndMayRemoveALink() {
        String id = link(alice, "EMPLOYEE_OF", acme, null).json().get("id").asString();

        Response removed = api.delete("/api/v1/customers/" + acme + "/relationships/" + id);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("id").asString()).isEqualTo(id);
        assertThat(removed.json().get("direction").asString()).isEqualTo("INCOMING");

        assertProblem(api.get("/api/v1/customers/" + alice + "/relationships/" + id), 404, "not-found");
        assertProblem(api.delete("/api/v1/customers/" + alice + "/relationships/" + id), 404, "not-found");
        assertThat(api.get("/api/v1/customers/" + alice + "/relationships").json().get("items")).isEmpty();
    }

    @Test
    void anotherTenantCanNeitherSeeNorLinkNorRemove() {
        String id = link(alice, "EMPLOYEE_OF", acme, null).json().get("id").asString();
        TenantClient other = TenantClient.newTenant(port);
        String mallory = other.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Mallory\"}");

        Response toForeignTarget = other.post("/api/v1/customers/" + mallory + "/relationships",
                "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"" + acme + "\"}");
        assertThat(toForeignTarget.status()).isEqualTo(422);
        assertThat(toForeignTarget.problemType()).isEqualTo(PROBLEMS + "related-customer-not-found");
        assertProblem(other.post("/api/v1/customers/" + acme + "/relationships",
                "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"" + mallory + "\"}"), 404, "not-found");
        assertProblem(other.get("/api/v1/customers/" + alice + "/relationships"), 404, "not-found");
        assertProblem(other.get("/api/v1/customers/" + alice + "/relationships/" + id), 404, "not-found");
        assertProblem(other.delete("/api/v1/customers/" + alice + "/relationships/" + id), 404, "not-found");
        assertThat(other.get("/api/v1/customers/" + mallory + "/relationships").json().get("items")).isEmpty();

        assertThat(ids(api.get("/api/v1/customers/" + alice + "/relationships"))).containsExactly(id);
    }

    private Response link(String source, String type, String target, String extra) {
        return api.post("/api/v1/customers/" + source + "/relationships",
                "{\"type\":\"" + type + "\",\"targetId\":\"" + target + "\"" + (extra == null ? "" : "," + extra) + "}");
    }

    static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
