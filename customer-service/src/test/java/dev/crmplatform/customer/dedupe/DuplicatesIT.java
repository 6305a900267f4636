package dev.crmplatform.customer.dedupe;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class DuplicatesIT {

    static final String ALICE = """
            {"type":"PERSON","firstName":"Alice","lastName":"Smith",
             "emails":[{"address":"alice.smith@acme-corp.example","primary":true},{"address":"alice77@gmail.com"}],
             "phones":[{"number":"+1 415 555 0100"}],
             "addresses":[{"line1":"Main St. 1","city":"Berlin","postalCode":"10115","country":"DE"}]}""";

    @LocalServerPort
    int port;

    TenantClient api;
    String alice;

    @BeforeEach
    void target() {
        api = TenantClient.newTenant(port);
        alice = api.createCustomer(ALICE);
    }

    @Test
    void candidatesAreScoredWithReasonsBestFirst() {
        String twin = api.createCustomer("""
                {"type":"PERSON","firstName":"Alice","lastName":"Smith","phones":[{"number":"+14155550100"}]}""");
        String samePhone = api.createCustomer("""
                {"type":"PERSON","firstName":"Robert","lastName":"Jones","phones":[{"number":"+14155550100"}]}""");
        String typo = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alise\",\"lastName\":\"Smith\"}");
        String sameEmail = api.createCustomer("""
                {"type":"PERSON","firstName":"A.","lastName":"Example","emails":[{"address":"alice77@gmail.com"}]}""");
        String sameStreet = api.createCustomer("""
                {"type":"PERSON","firstName":"Zoe","lastName":"Quinn",
                 "addresses":[{"line1":"main st 1","city":"BERLIN","postalCode":"10115","country":"DE"}]}""");
        String colleague = api.createCustomer("""
                {"type":"PERSON","firstName":"Carol","lastName":"White","emails":[{"address":"carol@acme-corp.example"}]}""");
        String freeMailOnly = api.createCustomer("""
                {"type":"PERSON","firstName":"Dave","lastName":"Brown","emails":[{"address":"dave@gmail.com"}]}""");
        api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Xavier\",\"lastName\":\"Zulu\"}");

        Response response = api.get("/api/v1/customers/" + alice + "/duplicates");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("nextCursor").isNull()).isTrue();
        Map<String, JsonNode> byId = candidates(response);

        assertThat(new ArrayList<>(byId.keySet())).containsExactly(twin, sameEmail, samePhone, typo, sameStreet);
        assertThat(byId.get(twin).get("score").asDouble()).isEqualTo(1.0);
        assertThat(reasonTypes(byId.get(twin))).containsExactly("SAME_PHONE", "NAME_SIMILARITY");
        assertThat(byId.get(sameEmail).get("score").asDouble()).isEqualTo(0.6);
        assertThat(byId.get(sameEmail).at("/reasons/0/detail").asString()).isEqualTo("alice77@gmail.com");
        assertThat(reasonTypes(byId.get(samePhone))).containsExactly("SAME_PHONE");
        assertThat(byId.get(samePhone).at("/reasons/0/detail").asString()).isEqualTo("+14155550100");
        assertThat(reasonTypes(byId.get(typo))).containsExactly("NAME_SIMILARITY");
        assertThat(byId.get(typo).get("score").asDouble()).isBetween(0.3, 0.5);
        assertThat(reasonTypes(byId.get(sameStreet))).containsExactly("SAME_ADDRESS");
        assertThat(byId.get(sameStreet).at("/customer/displayName").asString()).isEqualTo("Zoe Quinn");
        byId.values().forEach(c -> assertThat(c.at("/customer/id").asString()).isNotEqualTo(alice));

        // below the default minScore: a colleague at the same company; never: someone sharing only a free-mail domain
        Map<String, JsonNode> all = candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0&limit=50"));
        assertThat(reasonTypes(all.get(colleague))).containsExactly("SAME_EMAIL_DOMAIN");
        assertThat(all.get(colleague).at("/reasons/0/detail").asString()).isEqualTo("acme-corp.example");
        assertThat(all).doesNotContainKey(freeMailOnly);

        assertThat(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?limit=2")).keySet())
                .containsExactly(twin, sameEmail);
        assertThat(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0.55")).keySet())
                .containsExactly(twin, sameEmail);
    }

    @Test
    void namesThatDifferOnlyInAccentsAreTheSameName() {
        String emile = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Émile\",\"lastName\":\"Zoëga\"}");
        String plain = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Emile\",\"lastName\":\"Zoega\"}");

        Map<String, JsonNode> found = candidates(api.get("/api/v1/customers/" + emile + "/duplicates"));
        assertThat(found).containsOnlyKeys(plain);
        assertThat(reasonTypes(found.get(plain))).containsExactly("NAME_SIMILARITY");
        assertThat(found.get(plain).at("/reasons/0/detail").asString()).isEqualTo("name similarity 1.0");
        assertThat(candidates(api.get("/api/v1/customers/" + plain + "/duplicates"))).containsOnlyKeys(emile);
    }

    @Test
    void domainAndAddressMatchesFollowChanges() {
        String erin = api.createCustomer("""
                {"type":"PERSON","firstName":"Erin","lastName":"Gray","emails":[{"address":"erin@elsewhere.example"}]}""");
        assertThat(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0"))).doesNotContainKey(erin);

        Response moved = api.patch("/api/v1/customers/" + erin, """
                {"emails":[{"address":"erin@acme-corp.example","primary":true}],
                 "addresses":[{"line1":"Main Str 1","city":"Berlin","postalCode":"10115","country":"DE"}]}""", "\"1\"");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(reasonTypes(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0")).get(erin)))
                .containsExactlyInAnyOrder("SAME_EMAIL_DOMAIN", "SAME_ADDRESS");

        Response movedAway = api.patch("/api/v1/customers/" + erin,
                "{\"emails\":[{\"address\":\"erin@elsewhere.example\",\"primary\":true}],\"addresses\":[]}", "\"2\"");
        assertThat(movedAway.status()).as(movedAway.body()).isEqualTo(200);
        assertThat(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0"))).doesNotContainKey(erin);
    }

    @Test
    void archivedCustomersAreCandidatesButMergedOnesAreNot() {
        String archived = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smith\"}");
        assertThat(api.delete("/api/v1/customers/" + archived).status()).isEqualTo(200);
        String survivor = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alicia\",\"lastName\":\"Smith\"}");
        String merged = api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smith\"}");
        assertThat(api.post("/api/v1/customers/" + survivor + "/merge", "{\"duplicateId\":\"" + merged + "\"}").status())
                .isEqualTo(200);

        Map<String, JsonNode> found = candidates(api.get("/api/v1/customers/" + alice + "/duplicates"));
        assertThat(found).containsKey(archived).doesNotContainKey(merged);
        // a merged customer itself has no duplicates any more
        assertThat(api.get("/api/v1/customers/" + merged + "/duplicates").json().get("items")).isEmpty();
    }

    @Test
    void badRequestsAreProblems() {
        assertProblem(api.get("/api/v1/customers/" + UUID.randomUUID() + "/duplicates"), 404, "not-found");
        assertThat(api.get("/api/v1/customers/not-a-uuid/duplicates").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/" + alice + "/duplicates?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/" + alice + "/duplicates?limit=51").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=1.5").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=high").status()).isEqualTo(400);
    }

    @Test
    void anotherTenantsCustomersAreNeverCandidates() {
        api.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smith\"}");
        TenantClient other = TenantClient.newTenant(port);
        String lookalike = other.createCustomer(ALICE);

        assertThat(other.get("/api/v1/customers/" + lookalike + "/duplicates?minScore=0").json().get("items")).isEmpty();
        assertProblem(other.get("/api/v1/customers/" + alice + "/duplicates"), 404, "not-found");
        assertThat(candidates(api.get("/api/v1/customers/" + alice + "/duplicates?minScore=0")))
                .doesNotContainKey(lookalike);
    }

    static Map<String, JsonNode> candidates(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        response.json().get("items").forEach(c -> byId.put(c.at("/customer/id").asString(), c));
        return byId;
    }

    static List<String> reasonTypes(JsonNode candidate) {
        List<String> types = new ArrayList<>();
        candidate.get("reasons").forEach(r -> types.add(r.get("type").asString()));
        return types;
    }
}
