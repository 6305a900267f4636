package dev.crmplatform.sales.opportunity;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class OpportunitiesIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void theCanonicalOpportunityIsCreatedWithItsFirstStage() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Canon Co", null, null);

        Response created = api.post("/api/v1/opportunities", "{\"customerId\":\"" + customer + "\",\"name\":\"Pro rollout\","
                + "\"amount\":{\"amount\":\"24000.00\",\"currency\":\"EUR\"},\"expectedCloseDate\":\"2026-12-15\","
                + "\"stage\":\"PROSPECTING\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/opportunities/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(body.at("/amount/amount").asString()).isEqualTo("24000.00");
        assertThat(body.get("stage").asString()).isEqualTo("PROSPECTING");
        assertThat(body.get("probability").asInt()).isEqualTo(10);
        assertThat(body.get("ownerId").asString()).startsWith("user-");
        assertThat(api.get("/api/v1/opportunities/" + id).json().get("name").asString()).isEqualTo("Pro rollout");
    }

    @Test
    void linesAreStoredInTheOpportunityCurrency() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Lines Co", null, null);
        String product = DealsApi.product(api, "PRO-1", "1200.00", "EUR");

        Response created = api.post("/api/v1/opportunities", "{\"customerId\":\"" + customer + "\",\"name\":\"With lines\","
                + "\"amount\":" + DealsApi.money("2400.00", "EUR") + ",\"expectedCloseDate\":\"2026-11-30\","
                + "\"lines\":[{\"productId\":\"" + product + "\",\"quantity\":2,\"unitPrice\":" + DealsApi.money("1200.00", "EUR") + "},"
                + "{\"description\":\"Setup\",\"quantity\":1.5,\"unitPrice\":" + DealsApi.money("33.333", "EUR") + "}]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode lines = created.json().get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("quantity").asString()).isEqualTo("2");
        assertThat(lines.get(0).at("/total/amount").asString()).isEqualTo("2400.00");
        assertThat(lines.get(1).at("/unitPrice/amount").asString()).isEqualTo("33.333");
        assertThat(lines.get(1).at("/total/amount").asString()).isEqualTo("50.00"); // 49.9995 → 50.00

        Response otherCurrency = api.post("/api/v1/opportunities", "{\"customerId\":\"" + customer + "\",\"name\":\"X\","
                + "\"amount\":" + DealsApi.money("1.00", "EUR") + ",\"expectedCloseDate\":\"2026-11-30\","
                + "\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unitPrice\":" + DealsApi.money("1.00", "USD") + "}]}");
        assertProblem(otherCurrency, 422, "currency-mismatch");
        Response unknownProduct = api.post("/api/v1/opportunities", "{\"customerId\":\"" + customer + "\",\"name\":\"X\","
                + "\"amount\":" + DealsApi.money("1.00", "EUR") + ",\"expectedCloseDate\":\"2026-11-30\","
                + "\"lines\":[{\"productId\":\"" + UUID.randomUUID() + "\",\"quantity\":1,\"unitPrice\":" + DealsApi.money("1.00", "EUR") + "}]}");
        assertProblem(unknownProduct, 422, "business-rule-violated");
    }

    @Test
    void theCustomerMustBeAnActiveCustomerOfTheTenantInTheReplica() {
        TenantClient api = TenantClient.newTenant(port);
        TenantClient other = TenantClient.newTenant(port);
        UUID othersCustomer = ReplicaFixtures.customer(dataSource, other.tenant(), "Other Co", null, null);

        assertProblem(DealsApi.createOpportunity(api, UUID.randomUUID(), "10.00", "2026-12-01"), 422,
                "business-rule-violated");
        assertProblem(DealsApi.createOpportunity(api, othersCustomer, "10.00", "2026-12-01"), 422,
                "business-rule-violated");
    }

    @Test
    void closedLostNeedsAReasonClosedOpportunitiesAreReadOnlyAndCanBeReopened() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Stage Co", null, null);
        String id = DealsApi.opportunity(api, customer, "5000.00");
        String stage = "/api/v1/opportunities/" + id + "/stage";

        Response qualified = api.post(stage, "{\"stage\":\"QUALIFICATION\"}");
        assertThat(qualified.status()).as(qualified.body()).isEqualTo(200);
        assertThat(qualified.json().get("probability").asInt()).isEqualTo(20);

        Response noReason = api.post(stage, "{\"stage\":\"CLOSED_LOST\"}");
        assertProblem(noReason, 400, "validation-failed");
        assertThat(noReason.json().at("/errors/0/field").asString()).isEqualTo("lostReason");
        assertProblem(api.post(stage, "{\"stage\":\"PROPOSAL\",\"lostReason\":\"PRICE\"}"), 400, "validation-failed");

        Response lost = api.post(stage, "{\"stage\":\"CLOSED_LOST\",\"lostReason\":\"PRICE\"}");
        assertThat(lost.status()).as(lost.body()).isEqualTo(200);
        assertThat(lost.json().get("lostReason").asString()).isEqualTo("PRICE");
        assertThat(lost.json().get("probability").asInt()).isZero();
        assertThat(lost.json().get("closedAt").isNull()).isFalse();
        String etag = lost.header("ETag");

        assertProblem(api.patch("/api/v1/opportunities/" + id, "{\"name\":\"Try again\"}", etag), 422,
                "opportunity-closed");
        assertProblem(api.post(stage, "{\"stage\":\"CLOSED_WON\"}"), 422, "opportunity-closed");

        Response reopened = api.post(stage, "{\"stage\":\"NEGOTIATION\"}");
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().has("lostReason")).isFalse();
        assertThat(reopened.json().has("closedAt")).isFalse();
        Response patched = api.patch("/api/v1/opportunities/" + id, "{\"name\":\"Second chance\"}",
                reopened.header("ETag"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("Second chance");

        Response same = api.post(stage, "{\"stage\":\"NEGOTIATION\"}");
        assertThat(same.header("ETag")).isEqualTo(patched.header("ETag"));
    }

    @Test
    void stageHistoryRecordsEveryStageWithTimeAndActor() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "History Co", null, null);
        String id = DealsApi.opportunity(api, customer, "100.00");
        String stage = "/api/v1/opportunities/" + id + "/stage";
        api.post(stage, "{\"stage\":\"QUALIFICATION\"}");
        api.post(stage, "{\"stage\":\"PROPOSAL\"}");
        api.post(stage, "{\"stage\":\"CLOSED_WON\"}");

        JsonNode history = api.get("/api/v1/opportunities/" + id + "/stage-history").json().get("items");

        List<String> transitions = new ArrayList<>();
        history.forEach(h -> transitions.add(h.path("fromStage").asString("-") + ">" + h.get("toStage").asString()));
        assertThat(transitions).containsExactly("->PROSPECTING", "PROSPECTING>QUALIFICATION",
                "QUALIFICATION>PROPOSAL", "PROPOSAL>CLOSED_WON");
        history.forEach(h -> {
            assertThat(h.get("changedBy").asString()).startsWith("user-");
            assertThat(h.get("changedAt").asString()).isNotBlank();
        });
        assertProblem(TenantClient.newTenant(port).get("/api/v1/opportunities/" + id + "/stage-history"), 404,
                "not-found");
    }

    @Test
    void patchNeedsACurrentIfMatchAndChangesOnlyWhatItNames() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Patch Co", null, null);
        String id = DealsApi.opportunity(api, customer, "100.00");
        String path = "/api/v1/opportunities/" + id;

        assertProblem(api.patch(path, "{\"name\":\"x\"}", null), 428, "precondition-required");
        Response patched = api.patch(path, "{\"amount\":{\"amount\":\"150.50\",\"currency\":\"EUR\"},"
                + "\"expectedCloseDate\":\"2027-01-31\",\"ownerId\":\"rep-7\"}", "\"1\"");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().at("/amount/amount").asString()).isEqualTo("150.50");
        assertThat(patched.json().get("expectedCloseDate").asString()).isEqualTo("2027-01-31");
        assertThat(patched.json().get("ownerId").asString()).isEqualTo("rep-7");
        assertThat(patched.json().get("name").asString()).isEqualTo("Pro rollout");

        assertProblem(api.patch(path, "{\"name\":\"stale\"}", "\"1\""), 412, "precondition-failed");
        assertProblem(api.patch(path, "{\"stage\":\"PROPOSAL\"}", "\"2\""), 400, "validation-failed");
        assertProblem(api.patch(path, "{\"customerId\":\"" + UUID.randomUUID() + "\"}", "\"2\""), 400,
                "validation-failed");
        assertProblem(api.patch(path, "{\"expectedCloseDate\":\"tomorrow\"}", "\"2\""), 400, "validation-failed");
        assertProblem(api.patch(path, "[1,2]", "\"2\""), 400, "validation-failed");
        Response cleared = api.patch(path, "{\"ownerId\":null}", "\"2\"");
        assertThat(cleared.json().has("ownerId")).isFalse();

        Response withLines = api.patch(path, "{\"lines\":[{\"description\":\"Seats\",\"quantity\":3,"
                + "\"unitPrice\":{\"amount\":\"10.00\",\"currency\":\"EUR\"}}]}", "\"3\"");
        assertThat(withLines.status()).as(withLines.body()).isEqualTo(200);
        assertThat(withLines.json().at("/lines/0/total/amount").asString()).isEqualTo("30.00");
        assertProblem(api.patch(path, "{\"amount\":{\"amount\":\"1.00\",\"currency\":\"USD\"}}", "\"4\""), 422,
                "currency-mismatch");
        assertProblem(api.patch(path, "{\"lines\":[{\"description\":\"x\",\"quantity\":1,"
                + "\"unitPrice\":{\"amount\":\"1.00\",\"currency\":\"USD\"}}]}", "\"4\""), 422, "currency-mismatch");
        Response switched = api.patch(path, "{\"amount\":{\"amount\":\"1.00\",\"currency\":\"USD\"},\"lines\":null}",
                "\"4\"");
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().get("lines")).isEmpty();
        assertThat(switched.json().at("/amount/currency").asString()).isEqualTo("USD");
        assertProblem(api.patch(path, "{\"lines\":[{\"description\":\"x\",\"quantity\":1e30,"
                + "\"unitPrice\":{\"amount\":\"1.00\",\"currency\":\"USD\"}}]}", "\"5\""), 400, "validation-failed");
    }

    @Test
    void listFiltersByStageOwnerCustomerAndCloseDateAndPagesStably() {
        TenantClient api = TenantClient.newTenant(port);
        UUID alpha = ReplicaFixtures.customer(dataSource, api.tenant(), "Alpha", null, null);
        UUID beta = ReplicaFixtures.customer(dataSource, api.tenant(), "Beta", null, null);
        String a1 = created(DealsApi.createOpportunity(api, alpha, "100.00", "2026-10-01"));
        String a2 = created(DealsApi.createOpportunity(api, alpha, "200.00", "2026-11-15"));
        String b1 = created(DealsApi.createOpportunity(api, beta, "300.00", "2026-12-31"));
        api.post("/api/v1/opportunities/" + a2 + "/stage", "{\"stage\":\"PROPOSAL\"}");
        api.patch("/api/v1/opportunities/" + b1, "{\"ownerId\":\"rep-b\"}", "\"1\"");

        assertThat(ids(api.get("/api/v1/opportunities?customerId=" + alpha))).containsExactlyInAnyOrder(a1, a2);
        assertThat(ids(api.get("/api/v1/opportunities?stage=PROPOSAL"))).containsExactly(a2);
        assertThat(ids(api.get("/api/v1/opportunities?ownerId=rep-b"))).containsExactly(b1);
        assertThat(ids(api.get("/api/v1/opportunities?closeFrom=2026-11-01&closeTo=2026-12-31&sort=expectedCloseDate")))
                .containsExactly(a2, b1);
        assertThat(ids(api.get("/api/v1/opportunities?closeTo=2026-10-01"))).containsExactly(a1);
        assertThat(ids(api.get("/api/v1/opportunities?sort=-amount"))).containsExactly(b1, a2, a1);

        Response first = api.get("/api/v1/opportunities?limit=2&sort=amount");
        assertThat(ids(first)).containsExactly(a1, a2);
        String d1 = created(DealsApi.createOpportunity(api, beta, "50.00", "2026-10-02")); // before the cursor
        Response second = api.get("/api/v1/opportunities?limit=2&sort=amount&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(ids(second)).containsExactly(b1);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        assertThat(d1).isNotBlank();

        assertProblem(api.get("/api/v1/opportunities?stage=WON"), 400, "invalid-value");
        assertProblem(api.get("/api/v1/opportunities?closeFrom=2026-13-01"), 400, "invalid-value");
        assertProblem(api.get("/api/v1/opportunities?closeFrom=2026-12-01&closeTo=2026-11-01"), 400,
                "validation-failed");
        assertProblem(api.get("/api/v1/opportunities?limit=500"), 400, "validation-failed");
        assertProblem(api.get("/api/v1/opportunities?sort=owner"), 400, "validation-failed");
    }

    @Test
    void anotherTenantsOpportunityIsNotFound() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Mine", null, null);
        String id = DealsApi.opportunity(api, customer, "10.00");
        TenantClient other = TenantClient.newTenant(port);

        assertProblem(other.get("/api/v1/opportunities/" + id), 404, "not-found");
        assertProblem(other.patch("/api/v1/opportunities/" + id, "{\"name\":\"x\"}", "\"1\""), 404, "not-found");
        assertProblem(other.post("/api/v1/opportunities/" + id + "/stage", "{\"stage\":\"PROPOSAL\"}"), 404,
                "not-found");
        assertThat(other.get("/api/v1/opportunities").json().get("items")).isEmpty();
    }

    @Test
    void badInputsAreProblemsNeverServerErrors() {
        TenantClient api = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Bad Co", null, null);
        String base = "{\"customerId\":\"" + customer + "\",\"name\":\"X\",\"expectedCloseDate\":\"2026-12-01\",";

        assertProblem(api.post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"-5\",\"currency\":\"EUR\"}}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"abc\",\"currency\":\"EUR\"}}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stage\":\"WON\"}"), 400, "invalid-value");
        assertProblem(api.post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"stage\":\"CLOSED_WON\"}"), 422, "business-rule-violated");
        assertProblem(api.post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"lines\":[{\"quantity\":0,\"description\":\"x\",\"unitPrice\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}]}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/opportunities", "{\"name\":\"X\"}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/opportunities", "{\"customerId\":\"nope\"}"), 400, "invalid-value");
        assertProblem(api.post("/api/v1/opportunities", "not json"), 400, "malformed-json");
        assertProblem(api.post("/api/v1/opportunities/" + UUID.randomUUID() + "/stage", "{}"), 400, "validation-failed");
        assertProblem(api.post("/api/v1/opportunities/" + UUID.randomUUID() + "/stage", "{\"stage\":\"PROPOSAL\"}"), 404, "not-found");
        assertProblem(TenantClient.forTenant(port, api.tenant(), Set.of("sales:read"))
                .post("/api/v1/opportunities", base + "\"amount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}"), 403, "forbidden");
    }

    private static String created(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(o -> ids.add(o.get("id").asString()));
        return ids;
    }
}
