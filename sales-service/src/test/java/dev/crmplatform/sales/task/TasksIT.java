package dev.crmplatform.sales.task;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.forecast.PipelineRows;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class TasksIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void aTaskOnALeadDefaultsItsOwnerToTheCallerAndIsListedWithTheLead() {
        TenantClient client = TenantClient.newTenant(port);
        UUID lead = new PipelineRows(dataSource, client.tenant()).lead("Lee");

        Response created = client.post("/api/v1/leads/" + lead + "/tasks",
                "{\"title\":\" Call back \",\"notes\":\"about pricing\",\"dueAt\":\"2030-01-15T09:00:00Z\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode task = created.json();
        assertThat(created.header("Location")).isEqualTo("/api/v1/tasks/" + task.get("id").asString());
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(task.get("leadId").asString()).isEqualTo(lead.toString());
        assertThat(task.path("opportunityId").isNull() || task.path("opportunityId").isMissingNode()).isTrue();
        assertThat(task.get("title").asString()).isEqualTo("Call back");
        assertThat(task.get("ownerId").asString()).isEqualTo(ownerOf(client));
        assertThat(task.get("status").asString()).isEqualTo("OPEN");
        assertThat(task.get("overdue").asBoolean()).isFalse();
        assertThat(task.get("dueAt").asString()).isEqualTo("2030-01-15T09:00:00Z");

        Response list = client.get("/api/v1/leads/" + lead + "/tasks");
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list)).containsExactly(task.get("id").asString());
        assertThat(client.get("/api/v1/tasks/" + task.get("id").asString()).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void aTaskOnAnOpportunityKeepsTheOwnerGivenAndTheOpportunityListsItsTasksByDueTime() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Acme", null, null);
        UUID opportunity = new PipelineRows(dataSource, client.tenant())
                .opportunity(customer, "PROPOSAL", "100.00", "EUR", LocalDate.of(2030, 1, 1), "rep-7");

        String later = client.post("/api/v1/opportunities/" + opportunity + "/tasks",
                "{\"title\":\"Send contract\",\"dueAt\":\"2030-02-01T00:00:00Z\",\"ownerId\":\"rep-7\"}").json()
                .get("id").asString();
        Response sooner = client.post("/api/v1/opportunities/" + opportunity + "/tasks",
                "{\"title\":\"Demo\",\"dueAt\":\"2030-01-01T00:00:00+02:00\",\"ownerId\":\"rep-7\"}");

        assertThat(sooner.status()).as(sooner.body()).isEqualTo(201);
        assertThat(sooner.json().get("opportunityId").asString()).isEqualTo(opportunity.toString());
        assertThat(sooner.json().get("ownerId").asString()).isEqualTo("rep-7");
        assertThat(ids(client.get("/api/v1/opportunities/" + opportunity + "/tasks")))
                .containsExactly(sooner.json().get("id").asString(), later);
    }

    @Test
    void overdueOpenTasksAreListedPerOwnerEarliestFirstAcrossPages() {
        TenantClient client = TenantClient.newTenant(port);
        PipelineRows rows = new PipelineRows(dataSource, client.tenant());
        UUID lead = rows.lead("Overdue");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            expected.add(task(client, lead, "rep-1", now.minus(i, ChronoUnit.HOURS)));
        }
        String done = task(client, lead, "rep-1", now.minus(10, ChronoUnit.HOURS));
        assertThat(client.patch("/api/v1/tasks/" + done, "{\"status\":\"DONE\"}", "\"1\"").status()).isEqualTo(200);
        task(client, lead, "rep-1", now.plus(1, ChronoUnit.DAYS));          // not yet due
        task(client, lead, "rep-2", now.minus(3, ChronoUnit.HOURS));        // someone else's
        String mine = task(client, lead, null, now.minus(1, ChronoUnit.DAYS));

        List<String> seen = new ArrayList<>();
        String path = "/api/v1/tasks?ownerId=rep-1&overdue=true&limit=2";
        Response page = client.get(path);
        while (true) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode item : page.json().get("items")) {
                assertThat(item.get("overdue").asBoolean()).isTrue();
                assertThat(item.get("status").asString()).isEqualTo("OPEN");
            }
            seen.addAll(ids(page));
            JsonNode next = page.json().get("nextCursor");
            if (next == null || next.isNull()) {
                break;
            }
            page = client.get(path + "&cursor=" + next.asString());
        }
        assertThat(seen).containsExactlyElementsOf(expected);

        assertThat(ids(client.get("/api/v1/tasks?overdue=true"))).containsExactly(mine);
        assertThat(ids(client.get("/api/v1/tasks?ownerId=rep-1&status=DONE"))).containsExactly(done);
    }

    @Test
    void completingAndCancellingNeedTheCurrentVersionAndCloseTheTask() {
        TenantClient client = TenantClient.newTenant(port);
        UUID lead = new PipelineRows(dataSource, client.tenant()).lead("Patch");
        String id = task(client, lead, "rep-1", Instant.now().minus(1, ChronoUnit.DAYS));
        String path = "/api/v1/tasks/" + id;

        assertProblem(client.patch(path, "{\"status\":\"DONE\"}", null), 428, "precondition-required");
        Response edited = client.patch(path, "{\"title\":\"Call again\",\"notes\":null,\"ownerId\":\"rep-2\"}", "\"1\"");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"2\"");
        assertThat(edited.json().get("ownerId").asString()).isEqualTo("rep-2");
        assertThat(edited.json().path("notes").isNull() || edited.json().path("notes").isMissingNode()).isTrue();
        assertProblem(client.patch(path, "{\"status\":\"DONE\"}", "\"1\""), 412, "precondition-failed");

        Response done = client.patch(path, "{\"status\":\"DONE\"}", "\"2\"");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("DONE");
        assertThat(done.json().get("overdue").asBoolean()).isFalse();
        assertThat(done.json().path("completedAt").isString()).isTrue();
        assertProblem(client.patch(path, "{\"status\":\"CANCELLED\"}", "\"3\""), 422, "business-rule-violated");

        String other = task(client, lead, "rep-1", Instant.now());
        Response cancelled = client.patch("/api/v1/tasks/" + other, "{\"status\":\"CANCELLED\"}", "\"1\"");
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("completedAt").isNull() || cancelled.json().path("completedAt").isMissingNode()).isTrue();
    }

    @Test
    void anotherTenantsLeadsOpportunitiesAndTasksAreNotFound() {
        TenantClient owner = TenantClient.newTenant(port);
        TenantClient stranger = TenantClient.newTenant(port);
        PipelineRows rows = new PipelineRows(dataSource, owner.tenant());
        UUID lead = rows.lead("Private");
        UUID customer = ReplicaFixtures.customer(dataSource, owner.tenant(), "Private Co", null, null);
        UUID opportunity = rows.opportunity(customer, "PROSPECTING", "1.00", "EUR", LocalDate.now(), "rep-1");
        String task = task(owner, lead, "rep-1", Instant.now());
        String body = "{\"title\":\"Sneak\",\"dueAt\":\"2030-01-01T00:00:00Z\"}";

        assertProblem(stranger.post("/api/v1/leads/" + lead + "/tasks", body), 404, "not-found");
        assertProblem(stranger.get("/api/v1/leads/" + lead + "/tasks"), 404, "not-found");
        assertProblem(stranger.post("/api/v1/opportunities/" + opportunity + "/tasks", body), 404, "not-found");
        assertProblem(stranger.get("/api/v1/opportunities/" + opportunity + "/tasks"), 404, "not-found");
        assertProblem(stranger.get("/api/v1/tasks/" + task), 404, "not-found");
        assertProblem(stranger.patch("/api/v1/tasks/" + task, "{\"status\":\"DONE\"}", "\"1\""), 404, "not-found");
        assertThat(ids(stranger.get("/api/v1/tasks?ownerId=rep-1"))).isEmpty();
        assertProblem(owner.post("/api/v1/leads/" + UUID.randomUUID() + "/tasks", body), 404, "not-found");
    }

    @Test
    void badInputsAreProblemsNeverServerErrors() {
        TenantClient client = TenantClient.newTenant(port);
        UUID lead = new PipelineRows(dataSource, client.tenant()).lead("Bad");
        String tasks = "/api/v1/leads/" + lead + "/tasks";

        assertProblem(client.post(tasks, "{\"dueAt\":\"2030-01-01T00:00:00Z\"}"), 400, "validation-failed");
        assertProblem(client.post(tasks, "{\"title\":\"   \",\"dueAt\":\"2030-01-01T00:00:00Z\"}"), 400,
                "validation-failed");
        assertProblem(client.post(tasks, "{\"title\":\"x\"}"), 400, "validation-failed");
        assertThat(client.post(tasks, "{\"title\":\"x\",\"dueAt\":\"tomorrow\"}").status()).isEqualTo(400);
        assertThat(client.post(tasks, "{\"title\":").status()).isEqualTo(400);
        assertThat(client.post("/api/v1/leads/not-a-uuid/tasks", "{}").status()).isEqualTo(400);
        assertProblem(client.get("/api/v1/tasks?cursor=garbage"), 400, "invalid-cursor");
        assertProblem(client.get("/api/v1/tasks?limit=500"), 400, "validation-failed");
        assertThat(client.get("/api/v1/tasks?status=LATE").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/tasks?overdue=maybe").status()).isEqualTo(400);

        String id = task(client, lead, "rep-1", Instant.now());
        assertProblem(client.patch("/api/v1/tasks/" + id, "{\"status\":\"OPEN\"}", "\"1\""), 400, "validation-failed");
        assertProblem(client.patch("/api/v1/tasks/" + id, "{\"title\":null}", "\"1\""), 400, "validation-failed");
        assertProblem(client.patch("/api/v1/tasks/" + id, "{\"dueAt\":\"soon\",\"color\":\"red\"}", "\"1\""), 400,
                "validation-failed");
        assertProblem(client.patch("/api/v1/tasks/" + id, "[1]", "\"1\""), 400, "validation-failed");
        assertProblem(client.patch("/api/v1/tasks/" + id, "{}", "W/\"1\""), 400, "invalid-if-match");
        assertThat(client.exchange(HttpMethod.PATCH, "/api/v1/tasks/" + id, "{}", MediaType.TEXT_PLAIN,
                Map.of("If-Match", "\"1\"")).status()).isEqualTo(415);
    }

    @Test
    void aReplayedCreateWithTheSameIdempotencyKeyReturnsTheSameTask() {
        TenantClient client = TenantClient.newTenant(port);
        UUID lead = new PipelineRows(dataSource, client.tenant()).lead("Idem");
        String body = "{\"title\":\"Once\",\"dueAt\":\"2030-01-01T00:00:00Z\"}";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Response first = client.exchange(HttpMethod.POST, "/api/v1/leads/" + lead + "/tasks", body,
                MediaType.APPLICATION_JSON, key);
        Response replay = client.exchange(HttpMethod.POST, "/api/v1/leads/" + lead + "/tasks", body,
                MediaType.APPLICATION_JSON, key);

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(ids(client.get("/api/v1/leads/" + lead + "/tasks"))).hasSize(1);
    }

    private static String task(TenantClient client, UUID lead, String owner, Instant dueAt) {
        String ownerMember = owner == null ? "" : ",\"ownerId\":\"" + owner + "\"";
        Response response = client.post("/api/v1/leads/" + lead + "/tasks",
                "{\"title\":\"Follow up\",\"dueAt\":\"" + dueAt + "\"" + ownerMember + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String ownerOf(TenantClient client) {
        return "user-" + client.tenant().toString().substring(0, 8);
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
