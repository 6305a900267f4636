package dev.crmplatform.customer.customers;

import static dev.crmplatform.customer.customers.CustomerApiIT.fields;
import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * Bad input found by exploratory QA: each case is a 4xx problem naming the field, never a 5xx, never an internal
 * class name, and writes nothing.
 */
@CrmIntegrationTest
class CustomerValidationIT {

    static final String PERSON = "{\"type\":\"PERSON\",\"firstName\":\"Vera\",\"lastName\":\"Lidate\",\"lifecycleStage\":\"PROSPECT\"}";
    static final String CONSENT = "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"status\":\"GRANTED\",\"source\":\"web-form\"";
    static final String NUL = "\\u0000";

    @LocalServerPort
    int port;

    TenantClient api;

    @BeforeEach
    void newTenant() {
        api = TenantClient.newTenant(port);
    }

    // ---- 1: timestamps outside 0001..9999 ----

    @Test
    void timestampsOutsideTheSupportedRangeAreRejectedAndNothingIsSaved() {
        String id = api.createCustomer(PERSON);
        String interactions = "/api/v1/customers/" + id + "/interactions";

        for (String instant : List.of("-5000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z")) {
            Response response = api.post(interactions,
                    "{\"type\":\"NOTE\",\"summary\":\"x\",\"occurredAt\":\"" + instant + "\"}");
            assertProblem(response, 400, "validation-failed");
            assertThat(fields(response)).as(instant).containsExactly("occurredAt");

            Response consent = api.put("/api/v1/customers/" + id + "/consents",
                    CONSENT + ",\"changedAt\":\"" + instant + "\"}");
            assertProblem(consent, 400, "validation-failed");
            assertThat(fields(consent)).as(instant).containsExactly("changedAt");
        }
        assertThat(api.post(interactions, "{\"type\":\"NOTE\",\"summary\":\"x\",\"occurredAt\":\"0001-01-01T00:00:00Z\"}")
                .status()).isEqualTo(201);
        assertThat(api.post(interactions,
                "{\"type\":\"NOTE\",\"summary\":\"x\",\"occurredAt\":\"9999-12-31T23:59:59.999999Z\"}").status())
                .isEqualTo(201);

        Response list = api.get(interactions);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(2);
        assertThat(api.get("/api/v1/customers/" + id + "/consents").json().get("history")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + id + "/export").status()).isEqualTo(200);

        Response updatedSince = raw(HttpMethod.GET, "/api/v1/customers?updatedSince=%2B999999999-01-01T00:00:00Z",
                Map.of());
        assertProblem(updatedSince, 400, "validation-failed");
        assertThat(fields(updatedSince)).containsExactly("updatedSince");
    }

    // ---- 2: PATCH validates its result like a create ----

    @Test
    void aPatchIsValidatedLikeACreate() {
        String id = api.createCustomer(PERSON);
        String tooManyEmails = IntStream.range(0, 30).mapToObj(i -> "{\"address\":\"e" + i + "@example.com\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String tooManyTags = IntStream.range(0, 80).mapToObj(i -> "\"t" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        Map<String, String> cases = Map.of(
                "{\"lastName\":\"" + "x".repeat(5000) + "\"}", "lastName",
                "{\"ownerId\":\"" + "x".repeat(5000) + "\"}", "ownerId",
                "{\"tags\":[\"Ünïcode!!\"]}", "tags[0]",
                "{\"tags\":[\"ok\",\"a/b\"]}", "tags[1]",
                "{\"firstName\":\"\"}", "firstName",
                "{\"addresses\":[{\"country\":\"DE\",\"postalCode\":\"" + "1".repeat(30) + "\"}]}", "addresses[0].postalCode",
                "{\"emails\":" + tooManyEmails + "}", "emails",
                "{\"tags\":" + tooManyTags + "}", "tags",
                "{\"lifecycleStage\":null}", "lifecycleStage");
        cases.forEach((patch, field) -> {
            Response response = api.patch("/api/v1/customers/" + id, patch, "\"1\"");
            assertProblem(response, 400, "validation-failed");
            assertThat(fields(response)).as(field).containsExactly(field);
        });

        Response bogus = api.patch("/api/v1/customers/" + id, "{\"lifecycleStage\":\"BOGUS\"}", "\"1\"");
        assertProblem(bogus, 400, "invalid-value");
        assertThat(fields(bogus)).containsExactly("lifecycleStage");
        assertThat(bogus.body()).contains("LEAD", "PROSPECT").doesNotContain("dev.crmplatform", "tools.jackson",
                "Exception");

        JsonNode unchanged = api.get("/api/v1/customers/" + id).json();
        assertThat(unchanged.get("version").asLong()).isEqualTo(1);
        assertThat(unchanged.get("lifecycleStage").asString()).isEqualTo("PROSPECT");
        assertThat(unchanged.get("firstName").asString()).isEqualTo("Vera");
    }

    // ---- 3: null array elements ----

    @Test
    void aNullArrayElementIsAValidationFailure() {
        Map<String, String> cases = Map.of(
                "{\"type\":\"PERSON\",\"firstName\":\"t\",\"tags\":[null]}", "tags[0]",
                "{\"type\":\"PERSON\",\"firstName\":\"t\",\"emails\":[null]}", "emails[0]",
                "{\"type\":\"PERSON\",\"firstName\":\"t\",\"phones\":[null]}", "phones[0]",
                "{\"type\":\"PERSON\",\"firstName\":\"t\",\"addresses\":[null]}", "addresses[0]");
        cases.forEach((body, field) -> {
            Response response = api.post("/api/v1/customers", body);
            assertProblem(response, 400, "validation-failed");
            assertThat(fields(response)).as(body).containsExactly(field);
        });
        assertThat(api.get("/api/v1/customers").json().get("items")).isEmpty();

        String id = api.createCustomer(PERSON);
        Response patched = api.patch("/api/v1/customers/" + id, "{\"tags\":[\"x\",null]}", "\"1\"");
        assertProblem(patched, 400, "validation-failed");
        assertThat(fields(patched)).containsExactly("tags[1]");
        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    // ---- 4 and 6: characters that cannot be stored ----

    @Test
    void aNulCharacterOrALoneSurrogateInAnyStringIsRejected() {
        Map<String, String> cases = Map.of(
                "{\"type\":\"PERSON\",\"firstName\":\"a" + NUL + "b\"}", "firstName",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"lastName\":\"" + NUL + "\"}", "lastName",
                "{\"type\":\"ORGANIZATION\",\"organizationName\":\"Acme" + NUL + "\"}", "organizationName",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"ownerId\":\"o" + NUL + "\"}", "ownerId",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"addresses\":[{\"country\":\"DE\",\"line1\":\"" + NUL + "\"}]}",
                "addresses[0].line1",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"customFields\":{\"k\":\"v" + NUL + "\"}}", "customFields.k",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"customFields\":{\"k\":[\"v" + NUL + "\"]}}", "customFields.k",
                "{\"type\":\"PERSON\",\"firstName\":\"\\ud800x\"}", "firstName");
        cases.forEach((body, field) -> {
            Response response = api.post("/api/v1/customers", body);
            assertProblem(response, 400, "invalid-value");
            assertThat(fields(response)).as(body).containsExactly(field);
            assertThat(response.body()).doesNotContain("tools.jackson", "dev.crmplatform", "Exception");
        });
        assertThat(api.get("/api/v1/customers").json().get("items")).isEmpty();

        String id = api.createCustomer(PERSON);
        String other = api.createCustomer("{\"type\":\"ORGANIZATION\",\"organizationName\":\"Other\"}");
        assertProblem(api.patch("/api/v1/customers/" + id, "{\"firstName\":\"" + NUL + "\"}", "\"1\""), 400,
                "invalid-value");
        assertProblem(api.post("/api/v1/customers/" + id + "/relationships",
                "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"" + other + "\",\"role\":\"r" + NUL + "\"}"), 400,
                "invalid-value");
        assertProblem(api.put("/api/v1/customers/" + id + "/consents", CONSENT.replace("web-form", "w" + NUL) + "}"),
                400, "invalid-value");
        assertProblem(api.post("/api/v1/customers/" + id + "/interactions",
                "{\"type\":\"NOTE\",\"summary\":\"s" + NUL + "\"}"), 400, "invalid-value");
        // a NUL that reaches SQL through a query parameter is a 400 too, not a 500
        assertThat(raw(HttpMethod.GET, "/api/v1/customers?ownerId=o%00", Map.of()).status()).isEqualTo(400);

        assertThat(api.get("/api/v1/customers/" + id).json().get("version").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/customers/" + id + "/relationships").json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + id + "/interactions").json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/customers/" + id + "/consents").json().get("history")).isEmpty();
    }

    // ---- 5 and 6: wrong JSON types are not coerced; numbers must be finite ----

    @Test
    void wrongJsonTypesAreNotCoerced() {
        Map<String, String> cases = Map.of(
                "{\"type\":\"PERSON\",\"firstName\":123}", "firstName",
                "{\"type\":\"PERSON\",\"firstName\":true}", "firstName",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"ownerId\":1.5e300}", "ownerId",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"emails\":[{\"address\":\"a@example.com\",\"primary\":1}]}",
                "emails[0].primary",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"creditLimit\":{\"amount\":12.5,\"currency\":\"EUR\"}}",
                "creditLimit.amount");
        cases.forEach((body, field) -> {
            Response response = api.post("/api/v1/customers", body);
            assertProblem(response, 400, "invalid-value");
            assertThat(fields(response)).as(body).containsExactly(field);
        });

        Response infinite = api.post("/api/v1/customers",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"customFields\":{\"a\":1.0e400}}");
        assertProblem(infinite, 400, "validation-failed");
        assertThat(fields(infinite)).containsExactly("customFields.a");
        assertThat(api.get("/api/v1/customers").json().get("items")).isEmpty();

        // what is still fine: numbers in custom fields, integral numbers for integers
        Response fine = api.post("/api/v1/customers",
                "{\"type\":\"PERSON\",\"firstName\":\"a\",\"customFields\":{\"n\":1.5,\"i\":2,\"b\":true}}");
        assertThat(fine.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/customers?limit=1").status()).isEqualTo(200);
    }

    // ---- 7 and 8: every error is a problem, and a problem is only ever an error ----

    @Test
    void errorsOutsideTheControllersAreProblemsToo() {
        Response trace = raw(HttpMethod.TRACE, "/api/v1/customers", Map.of());
        assertProblem(trace, 405, "method-not-allowed");
        assertThat(trace.body()).doesNotContain("timestamp");

        assertProblem(api.exchange(HttpMethod.POST, "/api/v1/customers", "%zz", MediaType.APPLICATION_FORM_URLENCODED,
                Map.of()), 415, "unsupported-media-type");
        assertProblem(api.exchange(HttpMethod.POST, "/api/v1/customers", "type,firstName\nPERSON,%zz\n",
                MediaType.APPLICATION_FORM_URLENCODED, Map.of()), 415, "unsupported-media-type");
        assertThat(api.get("/api/v1/customers").json().get("items")).isEmpty();
    }

    @Test
    void aCustomerIsNeverServedAsAProblem() {
        String id = api.createCustomer(PERSON);
        Response response = api.exchange(HttpMethod.GET, "/api/v1/customers/" + id, null, null,
                Map.of(HttpHeaders.ACCEPT, MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        assertProblem(response, 406, "not-acceptable");
        assertThat(response.body()).doesNotContain("Vera");

        Response either = api.exchange(HttpMethod.GET, "/api/v1/customers/" + id, null, null,
                Map.of(HttpHeaders.ACCEPT, "application/problem+json, application/json"));
        assertThat(either.status()).isEqualTo(200);
        assertThat(either.header("Content-Type")).startsWith("application/json");
        assertThat(either.json().get("firstName").asString()).isEqualTo("Vera");
    }

    // ---- 9 and 10: If-Match is compared exactly; a patch that changes nothing is a no-op ----

    @Test
    void ifMatchIsAnExactComparison() {
        String id = api.createCustomer(PERSON);
        api.patch("/api/v1/customers/" + id, "{\"lastName\":\"Two\"}", "\"1\"");
        api.patch("/api/v1/customers/" + id, "{\"lastName\":\"Three\"}", "\"2\"");

        Response padded = api.patch("/api/v1/customers/" + id, "{\"lastName\":\"Four\"}", "\"03\"");
        assertProblem(padded, 400, "invalid-if-match");
        assertThat(api.get("/api/v1/customers/" + id).json().get("lastName").asString()).isEqualTo("Three");
    }

    @Test
    void aPatchThatChangesNothingIsANoOp() {
        String id = api.createCustomer(PERSON);
        for (String patch : List.of("{}", "{\"firstName\":\"Vera\",\"lifecycleStage\":\"PROSPECT\"}")) {
            Response response = api.patch("/api/v1/customers/" + id, patch, "\"1\"");
            assertThat(response.status()).as(patch).isEqualTo(200);
            assertThat(response.header("ETag")).as(patch).isEqualTo("\"1\"");
            assertThat(response.json().get("version").asLong()).isEqualTo(1);
        }
        assertThat(api.get("/api/v1/customers/" + id + "/history").json().get("items")).hasSize(1);
    }

    /** A request sent with its URI exactly as given (percent-escapes and all), for what a URI template would re-encode. */
    private Response raw(HttpMethod method, String pathAndQuery, Map<String, String> headers) {
        var spec = api.http().method(method).uri(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        headers.forEach(spec::header);
        ResponseEntity<String> entity = spec.retrieve().toEntity(String.class);
        return new Response(entity.getStatusCode().value(), entity.getHeaders(), entity.getBody());
    }
}
