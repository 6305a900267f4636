package dev.crmplatform.customer.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenant B never sees or touches tenant A's data: through every endpoint, and in SQL that forgets the filter. */
@CrmIntegrationTest
class TenantIsolationIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyEndpointAnswers404ForAnotherTenantsCustomer() {
        TenantClient a = TenantClient.newTenant(port);
        TenantClient b = TenantClient.newTenant(port);
        String id = a.createCustomer(CustomerApiIT.ALICE);
        String other = b.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bea\"}");
        String base = "/api/v1/customers/" + id;

        List<Request> requests = List.of(
                new Request(HttpMethod.GET, base, null, null),
                new Request(HttpMethod.PATCH, base, "{\"firstName\":\"Mallory\"}", "application/merge-patch+json"),
                new Request(HttpMethod.GET, base + "/history", null, null),
                new Request(HttpMethod.DELETE, base, null, null),
                new Request(HttpMethod.PUT, base + "/tags/stolen", null, null),
                new Request(HttpMethod.DELETE, base + "/tags/vip", null, null),
                new Request(HttpMethod.GET, base + "/relationships", null, null),
                new Request(HttpMethod.POST, base + "/relationships",
                        "{\"type\":\"EMPLOYEE_OF\",\"targetId\":\"" + other + "\"}",
                        "application/json"),
                new Request(HttpMethod.GET, base + "/duplicates", null, null),
                new Request(HttpMethod.POST, base + "/merge", "{\"duplicateId\":\"" + other + "\"}", "application/json"),
                new Request(HttpMethod.POST, "/api/v1/customers/" + other + "/merge", "{\"duplicateId\":\"" + id + "\"}",
                        "application/json"),
                new Request(HttpMethod.GET, base + "/consents", null, null),
                new Request(HttpMethod.PUT, base + "/consents",
                        "{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"status\":\"GRANTED\",\"source\":\"web-form\"}",
                        "application/json"),
                new Request(HttpMethod.GET, base + "/interactions", null, null),
                new Request(HttpMethod.POST, base + "/interactions",
                        "{\"type\":\"NOTE\",\"summary\":\"hello\",\"occurredAt\":\"2026-11-24T10:00:00Z\"}", "application/json"),
                new Request(HttpMethod.GET, base + "/export", null, null),
                new Request(HttpMethod.POST, base + "/erasure", null, null));

        for (Request request : requests) {
            Map<String, String> headers = request.method() == HttpMethod.PATCH ? Map.of("If-Match", "\"1\"") : Map.of();
            Response response = b.exchange(request.method(), request.path(), request.body(),
                    request.contentType() == null ? null : MediaType.valueOf(request.contentType()), headers);
            assertThat(response.status()).as(request.method() + " " + request.path()).isEqualTo(404);
            assertThat(response.problemType()).as(request.method() + " " + request.path())
                    .isEqualTo("https://crmplatform.dev/problems/not-found");
        }

        Response unchanged = a.get(base);
        assertThat(unchanged.json().get("version").asLong()).isEqualTo(1);
        assertThat(unchanged.json().get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void listsSearchAndDuplicatesShowNoneOfAnotherTenantsRows() {
        TenantClient a = TenantClient.newTenant(port);
        TenantClient b = TenantClient.newTenant(port);
        a.createCustomer(CustomerApiIT.ALICE);
        String bAlice = b.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Alice\",\"lastName\":\"Smyth\"}");

        assertThat(CustomerApiIT.ids(b.get("/api/v1/customers?includeArchived=true"))).containsExactly(bAlice);
        assertThat(CustomerApiIT.ids(b.get("/api/v1/customers?q=alice smith"))).containsExactly(bAlice);
        // A's email domain, phone fragment and last four digits
        for (String q : List.of("example.com", "415 555 0100", "0100")) {
            assertThat(CustomerApiIT.ids(b.get("/api/v1/customers?q=" + q))).as(q).isEmpty();
            assertThat(CustomerApiIT.ids(a.get("/api/v1/customers?q=" + q))).as(q).hasSize(1);
        }
        assertThat(b.get("/api/v1/customers/" + bAlice + "/duplicates").json().get("items").size()).isZero();
        // B may create the same email as A: duplicates are per tenant
        assertThat(b.post("/api/v1/customers", CustomerApiIT.ALICE).status()).isEqualTo(201);
    }

    @Test
    void rowLevelSecurityHidesOtherTenantsEvenWhenSqlOmitsTheFilter() {
        TenantClient a = TenantClient.newTenant(port);
        TenantClient b = TenantClient.newTenant(port);
        String aId = a.createCustomer(CustomerApiIT.ALICE);
        b.createCustomer("{\"type\":\"PERSON\",\"firstName\":\"Bea\"}");

        List<UUID> visibleToB = TenantContext.callAs(b.tenant(), () -> transactions.execute(status ->
                jdbc.sql("select id from customer").query(UUID.class).list()));
        assertThat(visibleToB).hasSize(1).doesNotContain(UUID.fromString(aId));

        Integer updatedByB = TenantContext.callAs(b.tenant(), () -> transactions.execute(status ->
                jdbc.sql("update customer set first_name = 'Mallory'").update()));
        assertThat(updatedByB).isEqualTo(1);
        assertThat(a.get("/api/v1/customers/" + aId).json().get("firstName").asString()).isEqualTo("Alice");

        List<UUID> outsideAnyTenant = transactions.execute(status ->
                jdbc.sql("select id from customer").query(UUID.class).list());
        assertThat(outsideAnyTenant).isEmpty();
    }

    @Test
    void rowsCannotBeWrittenForAnotherTenant() {
        TenantClient a = TenantClient.newTenant(port);
        UUID b = UUID.randomUUID();
        String aId = a.createCustomer(CustomerApiIT.ALICE);

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> TenantContext.runAs(b, () ->
                transactions.executeWithoutResult(status -> jdbc.sql("""
                        insert into customer_interaction (id, tenant_id, customer_id, type, occurred_at, actor, summary,
                            created_by, updated_by)
                        values (gen_random_uuid(), :a, :customer, 'NOTE', now(), 'x', 'x', 'x', 'x')""")
                        .param("a", a.tenant())
                        .param("customer", UUID.fromString(aId))
                        .update())));
        assertThat(failure).rootCause().hasMessageContaining("row-level security");
    }

    record Request(HttpMethod method, String path, String body, String contentType) {
    }
}
