package dev.crmplatform.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class LeadAssignmentIT {

    @LocalServerPort int port;
    private TenantClient client;

    @BeforeEach
    void tenant() {
        client = TenantClient.newTenant(port);
    }

    @Test
    void fiftyConcurrentCreatesOverFiveRepsGiveExactlyTenEach() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(client.put("/api/v1/leads/assignment/reps/rep-" + i, "{\"displayName\":\"Rep " + i + "\"}")
                    .status()).isEqualTo(201);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return client.post("/api/v1/leads", "{\"lastName\":\"Concurrent " + n + "\",\"source\":\"WEB\"}");
                }));
            }
            start.countDown();
        }
        List<String> owners = new ArrayList<>();
        for (Future<Response> result : results) {
            Response response = result.get();
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            owners.add(response.json().get("ownerId").asString());
            assertThat(response.json().get("assignmentRule").asString()).isEqualTo("round-robin");
        }

        Map<String, Long> perOwner = new TreeMap<>(owners.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
        assertThat(perOwner).isEqualTo(Map.of("rep-1", 10L, "rep-2", 10L, "rep-3", 10L, "rep-4", 10L, "rep-5", 10L));
        JsonNode reps = client.get("/api/v1/leads/assignment/reps").json().get("items");
        assertThat(reps.size()).isEqualTo(5);
        reps.forEach(rep -> assertThat(rep.get("assignedCount").asLong()).isEqualTo(10));
    }

    @Test
    void withoutActiveRepsTheLeadStaysUnassigned() {
        assertThat(client.put("/api/v1/leads/assignment/reps/away", "{\"active\":false}").status()).isEqualTo(201);

        JsonNode lead = client.post("/api/v1/leads", "{\"lastName\":\"Nobody\"}").json();

        assertThat(lead.has("ownerId") && !lead.get("ownerId").isNull()).isFalse();
        assertThat(client.get("/api/v1/leads/assignment/reps/away").json().get("assignedCount").asLong()).isZero();
    }

    @Test
    void territoriesByCountryThenIndustryComeBeforeRoundRobin() {
        client.put("/api/v1/leads/assignment/reps/dach", "{\"countries\":[\"DE\",\"AT\"]}");
        client.put("/api/v1/leads/assignment/reps/makers", "{\"industries\":[\"MANUFACTURING\"]}");
        client.put("/api/v1/leads/assignment/reps/general", "{}");

        JsonNode german = create("{\"lastName\":\"A\",\"country\":\"DE\",\"industry\":\"MANUFACTURING\"}");
        JsonNode frenchMaker = create("{\"lastName\":\"B\",\"country\":\"FR\",\"industry\":\"MANUFACTURING\"}");
        JsonNode other = create("{\"lastName\":\"C\",\"country\":\"FR\",\"industry\":\"RETAIL\"}");

        assertThat(owner(german)).isEqualTo("dach/rep-country:DE");
        assertThat(owner(frenchMaker)).isEqualTo("makers/rep-industry:MANUFACTURING");
        // round-robin among all active reps: the least-assigned one (general has none yet)
        assertThat(owner(other)).isEqualTo("general/round-robin");

        // A deactivated territory rep no longer gets its territory's leads.
        client.put("/api/v1/leads/assignment/reps/dach", "{\"countries\":[\"DE\",\"AT\"],\"active\":false}");
        assertThat(owner(create("{\"lastName\":\"D\",\"country\":\"AT\"}"))).endsWith("/round-robin");
    }

    @Test
    void aNewRepStartsAtTheLowestCountSoRoundRobinStaysFair() {
        client.put("/api/v1/leads/assignment/reps/first", "{}");
        for (int i = 0; i < 3; i++) {
            create("{\"lastName\":\"Early " + i + "\"}");
        }
        Response added = client.put("/api/v1/leads/assignment/reps/second", "{\"displayName\":\"Second\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("assignedCount").asLong()).isEqualTo(3);

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            owners.add(create("{\"lastName\":\"Later " + i + "\"}").get("ownerId").asString());
        }
        assertThat(owners).containsExactlyInAnyOrder("first", "first", "second", "second");
    }

    @Test
    void repsAreManagedWithPutAndGetUnderTheLeadsPrefix() {
        Response created = client.put("/api/v1/leads/assignment/reps/sam",
                "{\"displayName\":\"Sam\",\"countries\":[\"DE\"],\"industries\":[\"FINANCE\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        Response replaced = client.exchange(org.springframework.http.HttpMethod.PUT,
                "/api/v1/leads/assignment/reps/sam", "{\"displayName\":\"Samuel\",\"active\":false}",
                org.springframework.http.MediaType.APPLICATION_JSON, Map.of("If-Match", "\"1\""));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("displayName").asString()).isEqualTo("Samuel");
        assertThat(replaced.json().get("active").asBoolean()).isFalse();
        assertThat(replaced.json().get("countries").size()).isZero();

        Response stale = client.exchange(org.springframework.http.HttpMethod.PUT,
                "/api/v1/leads/assignment/reps/sam", "{}", org.springframework.http.MediaType.APPLICATION_JSON,
                Map.of("If-Match", "\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(client.get("/api/v1/leads/assignment/reps/sam").header("ETag")).isEqualTo("\"2\"");
        assertThat(client.get("/api/v1/leads/assignment/reps/nobody").status()).isEqualTo(404);
        assertThat(client.put("/api/v1/leads/assignment/reps/bad", "{\"countries\":[\"Germany\"]}").status())
                .isEqualTo(400);
        assertThat(client.put("/api/v1/leads/assignment/reps/bad", "{\"industries\":[\"SPACE\"]}").status())
                .isEqualTo(400);
        // another tenant does not see them
        assertThat(TenantClient.newTenant(port).get("/api/v1/leads/assignment/reps/sam").status()).isEqualTo(404);
    }

    private JsonNode create(String body) {
        Response response = client.post("/api/v1/leads", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static String owner(JsonNode lead) {
        return lead.get("ownerId").asString() + "/" + lead.get("assignmentRule").asString();
    }
}
