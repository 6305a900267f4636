package dev.crmplatform.sales.forecast;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@CrmIntegrationTest
class ForecastIT {

    private static final LocalDate NOV = LocalDate.of(2026, 11, 15);

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    /**
     * Values chosen so that rounding per row would give different totals: three PROSPECTING deals of 0.05 weigh 0.005
     * each (0.015 in all, 0.02 rounded once; 0.00 if rounded per row), and PROPOSAL 333.33 + 10.00 weighs 171.665.
     */
    @Test
    void theForecastOfAQuarterIsExactPerCurrencyAndRoundedOnce() {
        TenantClient client = TenantClient.newTenant(port);
        seed(client.tenant());
        seed(TenantClient.newTenant(port).tenant());   // another tenant's deals never count

        Response response = client.get("/api/v1/forecast?period=2026-Q4");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode forecast = response.json();
        assertThat(forecast.get("period").asString()).isEqualTo("2026-Q4");
        assertThat(forecast.get("periodStart").asString()).isEqualTo("2026-10-01");
        assertThat(forecast.get("periodEnd").asString()).isEqualTo("2026-12-31");
        Map<String, JsonNode> totals = byCurrency(forecast.get("totals"));
        assertThat(totals).containsOnlyKeys("EUR", "USD");
        // open EUR: 3 x 0.05 PROSPECTING, 333.33 + 10.00 PROPOSAL, 1000.01 NEGOTIATION
        assertFigures(totals.get("EUR"), 6, "1343.49", "921.69", "1843.49", "1500.01", 1, "500.00");
        assertFigures(totals.get("USD"), 1, "100.00", "20.00", "100.00", "0.00", 0, "0.00");
    }

    @Test
    void groupsByOwnerAndByStageAddUpPerCurrency() {
        TenantClient client = TenantClient.newTenant(port);
        seed(client.tenant());

        JsonNode byOwner = client.get("/api/v1/forecast?period=2026-Q4&groupBy=owner").json();
        assertThat(byOwner.get("groupBy").asString()).isEqualTo("owner");
        Map<String, JsonNode> owners = groups(byOwner);
        assertThat(owners).containsOnlyKeys("rep-a", "rep-b", "unassigned");
        // rep-a: 3 x 0.05 PROSPECTING (0.015) + 333.33 PROPOSAL (166.665) = 166.680
        assertFigures(byCurrency(owners.get("rep-a").get("figures")).get("EUR"), 4, "333.48", "166.68", "333.48",
                "0.00", 0, "0.00");
        assertFigures(byCurrency(owners.get("rep-a").get("figures")).get("USD"), 1, "100.00", "20.00", "100.00",
                "0.00", 0, "0.00");
        assertFigures(byCurrency(owners.get("rep-b").get("figures")).get("EUR"), 1, "1000.01", "750.01", "1500.01",
                "1500.01", 1, "500.00");
        assertFigures(byCurrency(owners.get("unassigned").get("figures")).get("EUR"), 1, "10.00", "5.00", "10.00",
                "0.00", 0, "0.00");

        JsonNode byStage = client.get("/api/v1/forecast?period=2026-Q4&groupBy=stage").json();
        Map<String, JsonNode> stages = groups(byStage);
        assertThat(stages.keySet()).containsExactly("PROSPECTING", "QUALIFICATION", "PROPOSAL", "NEGOTIATION",
                "CLOSED_WON");
        // 0.015 -> 0.02 and 171.665 -> 171.66: HALF_EVEN on the exact sums
        assertFigures(byCurrency(stages.get("PROSPECTING").get("figures")).get("EUR"), 3, "0.15", "0.02", "0.15",
                "0.00", 0, "0.00");
        assertFigures(byCurrency(stages.get("PROPOSAL").get("figures")).get("EUR"), 2, "343.33", "171.66", "343.33",
                "0.00", 0, "0.00");
        assertFigures(byCurrency(stages.get("CLOSED_WON").get("figures")).get("EUR"), 0, "0.00", "0.00", "500.00",
                "500.00", 1, "500.00");
    }

    @Test
    void monthsAndYearsAreForecastToo() {
        TenantClient client = TenantClient.newTenant(port);
        seed(client.tenant());

        Map<String, JsonNode> november = byCurrency(client.get("/api/v1/forecast?period=2026-11").json().get("totals"));
        // November lacks the PROPOSAL deal expected on 31 December
        assertFigures(november.get("EUR"), 5, "1010.16", "755.02", "1510.16", "1500.01", 1, "500.00");
        Map<String, JsonNode> october = byCurrency(client.get("/api/v1/forecast?period=2026-10").json().get("totals"));
        assertThat(october).isEmpty();
        Map<String, JsonNode> year = byCurrency(client.get("/api/v1/forecast?period=2026").json().get("totals"));
        // the whole year also holds the deal won in Q3 and the one closing in 2027 is still out
        assertFigures(year.get("EUR"), 6, "1343.49", "921.69", "2543.49", "2200.01", 2, "1200.00");
    }

    @Test
    void anInvalidPeriodOrGroupingIsABadRequest() {
        TenantClient client = TenantClient.newTenant(port);

        assertProblem(client.get("/api/v1/forecast?period=2026-Q5"), 400, "validation-failed");
        assertProblem(client.get("/api/v1/forecast?period=next-quarter"), 400, "validation-failed");
        assertProblem(client.get("/api/v1/forecast?period="), 400, "validation-failed");
        assertThat(client.get("/api/v1/forecast").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/forecast?period=2026&groupBy=region").status()).isEqualTo(400);
    }

    private void seed(UUID tenant) {
        UUID customer = ReplicaFixtures.customer(dataSource, tenant, "Forecast Co", null, null);
        PipelineRows rows = new PipelineRows(dataSource, tenant);
        for (int i = 0; i < 3; i++) {
            rows.opportunity(customer, "PROSPECTING", "0.05", "EUR", NOV, "rep-a");
        }
        rows.opportunity(customer, "PROPOSAL", "333.33", "EUR", LocalDate.of(2026, 12, 31), "rep-a");
        rows.opportunity(customer, "PROPOSAL", "10.00", "EUR", NOV, null);
        rows.opportunity(customer, "NEGOTIATION", "1000.01", "EUR", NOV, "rep-b");
        rows.opportunity(customer, "QUALIFICATION", "100.00", "USD", NOV, "rep-a");
        // won in the quarter (expected earlier: the day it was won counts)
        rows.opportunity(customer, "CLOSED_WON", "500.00", "EUR", LocalDate.of(2026, 9, 1), "rep-b",
                Instant.parse("2026-11-02T10:00:00Z"));
        // won in Q3, lost in Q4, and open but expected in 2027: none counts for Q4
        rows.opportunity(customer, "CLOSED_WON", "700.00", "EUR", NOV, "rep-b", Instant.parse("2026-09-30T23:30:00Z"));
        rows.opportunity(customer, "CLOSED_LOST", "999.00", "EUR", NOV, "rep-b", Instant.parse("2026-11-03T10:00:00Z"));
        rows.opportunity(customer, "NEGOTIATION", "5000.00", "EUR", LocalDate.of(2027, 1, 1), "rep-b");
    }

    private static void assertFigures(JsonNode figures, int openCount, String pipeline, String weighted,
                                      String bestCase, String commit, int closedWonCount, String closedWon) {
        assertThat(figures).as("figures").isNotNull();
        String currency = figures.get("currency").asString();
        assertThat(figures.get("openCount").asInt()).as("openCount").isEqualTo(openCount);
        assertThat(amount(figures, "pipeline", currency)).as("pipeline").isEqualTo(pipeline);
        assertThat(amount(figures, "weighted", currency)).as("weighted").isEqualTo(weighted);
        assertThat(amount(figures, "bestCase", currency)).as("bestCase").isEqualTo(bestCase);
        assertThat(amount(figures, "commit", currency)).as("commit").isEqualTo(commit);
        assertThat(figures.get("closedWonCount").asInt()).as("closedWonCount").isEqualTo(closedWonCount);
        assertThat(amount(figures, "closedWon", currency)).as("closedWon").isEqualTo(closedWon);
    }

    private static String amount(JsonNode figures, String name, String currency) {
        assertThat(figures.get(name).get("currency").asString()).isEqualTo(currency);
        return figures.get(name).get("amount").asString();
    }

    private static Map<String, JsonNode> byCurrency(JsonNode figures) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        figures.forEach(f -> map.put(f.get("currency").asString(), f));
        return map;
    }

    private static Map<String, JsonNode> groups(JsonNode forecast) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        forecast.get("groups").forEach(g -> map.put(g.get("key").asString(), g));
        return map;
    }
}
