package dev.crmplatform.sales.validation;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.sales.forecast.PipelineRows;
import dev.crmplatform.sales.support.DealsApi;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Dates and timestamps outside years 0001-9999, in bodies, merge patches and query parameters: each is a 400
 * {@code validation-failed} naming the field and writes nothing. Before, pgjdbc saved a year -5000 as
 * {@code -infinity} (every later read of the row failed with a 500) and a year 294277 overflowed with a 500.
 */
@CrmIntegrationTest
class SupportedDatesIT {

    /** Before year 0001 and beyond what {@code timestamptz} holds. */
    static final List<String> INSTANTS = List.of("-5000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z");
    static final List<String> DATES = List.of("-5000-01-01", "+294277-01-01");

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TenantClient api;
    UUID customer;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
        customer = ReplicaFixtures.customer(dataSource, api.tenant(), "Range Co", null, null);
    }

    @Test
    void aTaskDueOutsideTheSupportedYearsIsRefusedAndNothingIsWritten() {
        String tasks = "/api/v1/leads/" + new PipelineRows(dataSource, api.tenant()).lead("Lee") + "/tasks";
        Response kept = api.post(tasks, "{\"title\":\"Call\",\"dueAt\":\"2030-01-15T09:00:00Z\"}");
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
        String task = "/api/v1/tasks/" + kept.json().get("id").asString();

        for (String instant : INSTANTS) {
            assertInvalid(api.post(tasks, "{\"title\":\"Call\",\"dueAt\":\"" + instant + "\"}"), "dueAt", instant);
            assertInvalid(api.patch(task, "{\"dueAt\":\"" + instant + "\"}", "\"1\""), "dueAt", instant);
        }

        assertThat(ids(api.get(tasks))).containsExactly(kept.json().get("id").asString());
        Response read = api.get(task);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().get("dueAt").asString()).isEqualTo("2030-01-15T09:00:00Z");
    }

    @Test
    void anOpportunityClosingOutsideTheSupportedYearsIsRefusedAndNothingIsWritten() {
        String kept = DealsApi.opportunity(api, customer, "100.00");
        String opportunity = "/api/v1/opportunities/" + kept;

        for (String date : DATES) {
            assertInvalid(DealsApi.createOpportunity(api, customer, "100.00", date), "expectedCloseDate", date);
            assertInvalid(api.patch(opportunity, "{\"expectedCloseDate\":\"" + date + "\"}", "\"1\""),
                    "expectedCloseDate", date);
        }

        assertThat(ids(api.get("/api/v1/opportunities?customerId=" + customer))).containsExactly(kept);
        Response read = api.get(opportunity);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().get("expectedCloseDate").asString()).isEqualTo("2026-12-15");
    }

    @Test
    void aContractOutsideTheSupportedYearsIsRefusedAndNothingIsWritten() {
        Response kept = api.post("/api/v1/contracts", contract("2026-01-01", "2027-01-01"));
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
        String contract = "/api/v1/contracts/" + kept.json().get("id").asString();

        for (String date : DATES) {
            assertInvalid(api.post("/api/v1/contracts", contract(date, "2027-01-01")), "startDate", date);
            assertInvalid(api.post("/api/v1/contracts", contract("2026-01-01", date)), "endDate", date);
            assertInvalid(api.patch(contract, "{\"endDate\":\"" + date + "\"}", "\"1\""), "endDate", date);
        }

        assertThat(ids(api.get("/api/v1/contracts?customerId=" + customer)))
                .containsExactly(kept.json().get("id").asString());
        assertThat(api.get(contract).json().get("endDate").asString()).isEqualTo("2027-01-01");
    }

    @Test
    void dateFiltersOutsideTheSupportedYearsAreRefusedNamingTheParameter() {
        // %2B: a literal + in a query string is a space.
        for (String date : List.of("-5000-01-01", "%2B294277-01-01", "0000-12-31", "%2B10000-01-01")) {
            assertInvalid(raw("/api/v1/opportunities?closeFrom=" + date), "closeFrom", date);
            assertInvalid(raw("/api/v1/opportunities?closeTo=" + date), "closeTo", date);
            assertInvalid(raw("/api/v1/contracts?endingBefore=" + date), "endingBefore", date);
        }
        assertThat(raw("/api/v1/opportunities?closeFrom=0001-01-01&closeTo=9999-12-31").status()).isEqualTo(200);
        assertThat(raw("/api/v1/contracts?endingBefore=9999-12-31").status()).isEqualTo(200);
    }

    private String contract(String start, String end) {
        return "{\"customerId\":\"" + customer + "\",\"name\":\"Support\",\"startDate\":\"" + start
                + "\",\"endDate\":\"" + end + "\",\"value\":" + DealsApi.money("1000.00", "EUR")
                + ",\"autoRenew\":true}";
    }

    private static void assertInvalid(Response response, String field, String value) {
        assertProblem(response, 400, "validation-failed");
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(value).containsExactly(field);
        assertThat(response.json().at("/errors/0/message").asString()).as(value).startsWith("must be between 0001");
    }

    /** A GET with the query exactly as given: a URI template would re-encode its percent-escapes. */
    private Response raw(String pathAndQuery) {
        ResponseEntity<String> entity = api.http().get().uri(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .retrieve().toEntity(String.class);
        return new Response(entity.getStatusCode().value(), entity.getHeaders(), entity.getBody());
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.json().get("items")) {
            ids.add(item.get("id").asString());
        }
        return ids;
    }
}
