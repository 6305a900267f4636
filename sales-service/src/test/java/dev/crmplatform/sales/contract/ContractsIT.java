package dev.crmplatform.sales.contract;

import static dev.crmplatform.platform.test.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.forecast.PipelineRows;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
class ContractsIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    RenewalScheduler scheduler;

    @Test
    void aCreatedContractHasItsRenewalScheduledThirtyDaysBeforeItsEnd() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = customer(client);
        LocalDate end = TODAY.plusYears(1);

        Response created = client.post("/api/v1/contracts", body(customer, " Pro plan ", TODAY, end, "24000.00"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode contract = created.json();
        String id = contract.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/contracts/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(contract.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(contract.get("name").asString()).isEqualTo("Pro plan");
        assertThat(contract.get("startDate").asString()).isEqualTo(TODAY.toString());
        assertThat(contract.get("endDate").asString()).isEqualTo(end.toString());
        assertThat(contract.get("value").get("amount").asString()).isEqualTo("24000.00");
        assertThat(contract.get("value").get("currency").asString()).isEqualTo("EUR");
        assertThat(contract.get("autoRenew").asBoolean()).isTrue();
        assertThat(contract.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(contract.get("termNumber").asInt()).isEqualTo(1);
        assertThat(contract.get("renewalDueOn").asString()).isEqualTo(end.minusDays(30).toString());
        assertThat(contract.get("createdBy").asString()).startsWith("user-");
        assertThat(scheduler.scheduledAt(UUID.fromString(id)))
                .contains(end.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant());

        Response read = client.get("/api/v1/contracts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json()).isEqualTo(contract);
    }

    @Test
    void patchingNeedsTheCurrentVersionAndMovesThePendingRenewal() {
        TenantClient client = TenantClient.newTenant(port);
        String id = create(client, customer(client), TODAY, TODAY.plusYears(1));
        String path = "/api/v1/contracts/" + id;
        LocalDate newEnd = TODAY.plusYears(2);

        assertProblem(client.patch(path, "{\"autoRenew\":false}", null), 428, "precondition-required");
        Response patched = client.patch(path, "{\"autoRenew\":false,\"value\":{\"amount\":\"26000.125\","
                + "\"currency\":\"USD\"},\"endDate\":\"" + newEnd + "\",\"name\":null}", "\"1\"");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        JsonNode contract = patched.json();
        assertThat(contract.get("autoRenew").asBoolean()).isFalse();
        assertThat(contract.get("value").get("amount").asString()).isEqualTo("26000.125");
        assertThat(contract.get("value").get("currency").asString()).isEqualTo("USD");
        assertThat(contract.get("endDate").asString()).isEqualTo(newEnd.toString());
        assertThat(contract.path("name").isNull() || contract.path("name").isMissingNode()).isTrue();
        assertThat(contract.get("termNumber").asInt()).isEqualTo(1);
        assertThat(scheduler.scheduledAt(UUID.fromString(id)))
                .contains(newEnd.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertProblem(client.patch(path, "{\"autoRenew\":true}", "\"1\""), 412, "precondition-failed");
        assertProblem(client.patch(path, "{\"endDate\":\"" + TODAY + "\"}", "\"2\""), 400, "validation-failed");

        Response cancelled = client.patch(path, "{\"status\":\"CANCELLED\"}", "\"2\"");
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertProblem(client.patch(path, "{\"autoRenew\":true}", "\"3\""), 422, "business-rule-violated");
    }

    @Test
    void listsFilterByCustomerStatusAndEndAndPageInOrder() {
        TenantClient client = TenantClient.newTenant(port);
        UUID acme = customer(client);
        UUID other = ReplicaFixtures.customer(dataSource, client.tenant(), "Other Co", null, null);
        List<String> acmeByEnd = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            acmeByEnd.addFirst(create(client, acme, TODAY.minusYears(1), TODAY.plusMonths(i * 2L)));
        }
        String expired = create(client, other, TODAY.minusYears(2), TODAY.minusDays(1));
        String cancelled = create(client, other, TODAY, TODAY.plusYears(3));
        client.patch("/api/v1/contracts/" + cancelled, "{\"status\":\"CANCELLED\"}", "\"1\"");

        List<String> paged = new ArrayList<>();
        String path = "/api/v1/contracts?customerId=" + acme + "&sort=endDate&limit=2";
        Response page = client.get(path);
        while (true) {
            paged.addAll(ids(page));
            JsonNode next = page.json().get("nextCursor");
            if (next == null || next.isNull()) {
                break;
            }
            page = client.get(path + "&cursor=" + next.asString());
        }
        assertThat(paged).containsExactlyElementsOf(acmeByEnd);

        assertThat(ids(client.get("/api/v1/contracts?status=EXPIRED"))).containsExactly(expired);
        assertThat(ids(client.get("/api/v1/contracts?status=CANCELLED"))).containsExactly(cancelled);
        assertThat(ids(client.get("/api/v1/contracts?status=ACTIVE&sort=-endDate"))).containsExactlyElementsOf(
                acmeByEnd.reversed());
        assertThat(ids(client.get("/api/v1/contracts?endingBefore=" + TODAY.plusMonths(5))))
                .containsExactlyInAnyOrder(expired, acmeByEnd.get(0), acmeByEnd.get(1));
        assertThat(ids(client.get("/api/v1/contracts"))).hasSize(7);
    }

    @Test
    void theCustomerMustBeAnActiveCustomerInTheReplica() {
        TenantClient client = TenantClient.newTenant(port);
        UUID archived = customer(client);
        new PipelineRows(dataSource, client.tenant()).inTenant(jdbc -> jdbc.sql(
                "update customer_replica set status = 'ARCHIVED' where id = :id").param("id", archived).update());
        UUID foreign = ReplicaFixtures.customer(dataSource, UUID.randomUUID(), "Foreign", null, null);

        assertProblem(client.post("/api/v1/contracts", body(UUID.randomUUID(), "x", TODAY, TODAY.plusYears(1), "1.00")),
                422, "business-rule-violated");
        assertProblem(client.post("/api/v1/contracts", body(archived, "x", TODAY, TODAY.plusYears(1), "1.00")),
                422, "business-rule-violated");
        assertProblem(client.post("/api/v1/contracts", body(foreign, "x", TODAY, TODAY.plusYears(1), "1.00")),
                422, "business-rule-violated");
    }

    @Test
    void anotherTenantsContractIsNotFound() {
        TenantClient owner = TenantClient.newTenant(port);
        TenantClient stranger = TenantClient.newTenant(port);
        String id = create(owner, customer(owner), TODAY, TODAY.plusYears(1));

        assertProblem(stranger.get("/api/v1/contracts/" + id), 404, "not-found");
        assertProblem(stranger.patch("/api/v1/contracts/" + id, "{\"autoRenew\":false}", "\"1\""), 404, "not-found");
        assertThat(ids(stranger.get("/api/v1/contracts"))).isEmpty();
        assertProblem(owner.get("/api/v1/contracts/" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    void badInputsAreProblemsNeverServerErrors() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = customer(client);

        assertProblem(client.post("/api/v1/contracts", body(customer, "x", TODAY, TODAY, "1.00")), 400,
                "validation-failed");
        assertProblem(client.post("/api/v1/contracts", body(customer, "x", TODAY, TODAY.minusDays(1), "1.00")), 400,
                "validation-failed");
        assertProblem(client.post("/api/v1/contracts", body(customer, "x", TODAY, TODAY.plusDays(1), "-1.00")), 400,
                "validation-failed");
        assertProblem(client.post("/api/v1/contracts", body(customer, "  ", TODAY, TODAY.plusDays(1), "1.00")), 400,
                "validation-failed");
        assertProblem(client.post("/api/v1/contracts", "{\"customerId\":\"" + customer + "\"}"), 400,
                "validation-failed");
        assertThat(client.post("/api/v1/contracts", "{\"customerId\":\"" + customer + "\",\"startDate\":\"2026-02-30\","
                + "\"endDate\":\"2027-01-01\",\"value\":{\"amount\":\"1\",\"currency\":\"EUR\"}}").status()).isEqualTo(400);
        assertThat(client.post("/api/v1/contracts", "{\"customerId\":\"nope\"}").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/contracts/nope").status()).isEqualTo(400);
        assertProblem(client.get("/api/v1/contracts?sort=value"), 400, "validation-failed");
        assertProblem(client.get("/api/v1/contracts?cursor=abc"), 400, "invalid-cursor");
        assertThat(client.get("/api/v1/contracts?status=ENDED").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/contracts?endingBefore=soon").status()).isEqualTo(400);

        String path = "/api/v1/contracts/" + create(client, customer, TODAY, TODAY.plusYears(1));
        assertProblem(client.patch(path, "{\"value\":{\"amount\":\"-5\",\"currency\":\"eur\"}}", "\"1\""), 400,
                "validation-failed");
        assertProblem(client.patch(path, "{\"endDate\":\"someday\",\"autoRenew\":\"yes\"}", "\"1\""), 400,
                "validation-failed");
        assertProblem(client.patch(path, "{\"status\":\"ACTIVE\"}", "\"1\""), 400, "validation-failed");
        assertProblem(client.patch(path, "{\"customerId\":\"" + UUID.randomUUID() + "\"}", "\"1\""), 400,
                "validation-failed");
        assertProblem(client.patch(path, "{\"endDate\":null}", "\"1\""), 400, "validation-failed");
        assertProblem(client.patch(path, "\"x\"", "\"1\""), 400, "validation-failed");
        assertThat(client.exchange(HttpMethod.PATCH, path, "{}", MediaType.APPLICATION_XML,
                Map.of("If-Match", "\"1\"")).status()).isEqualTo(415);
        assertThat(client.get(path).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void aReplayedCreateWithTheSameIdempotencyKeyReturnsTheSameContract() {
        TenantClient client = TenantClient.newTenant(port);
        String body = body(customer(client), "Once", TODAY, TODAY.plusYears(1), "10.00");
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Response first = client.exchange(HttpMethod.POST, "/api/v1/contracts", body, MediaType.APPLICATION_JSON, key);
        Response replay = client.exchange(HttpMethod.POST, "/api/v1/contracts", body, MediaType.APPLICATION_JSON, key);
        Response other = client.exchange(HttpMethod.POST, "/api/v1/contracts", body.replace("Once", "Twice"),
                MediaType.APPLICATION_JSON, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertProblem(other, 422, "idempotency-key-reused");
        assertThat(ids(client.get("/api/v1/contracts"))).hasSize(1);
    }

    private UUID customer(TenantClient client) {
        return ReplicaFixtures.customer(dataSource, client.tenant(), "Acme " + Instant.now().toEpochMilli(), null, null);
    }

    static String body(UUID customer, String name, LocalDate start, LocalDate end, String amount) {
        return "{\"customerId\":\"" + customer + "\",\"name\":\"" + name + "\",\"startDate\":\"" + start
                + "\",\"endDate\":\"" + end + "\",\"value\":{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"},"
                + "\"autoRenew\":true}";
    }

    static String create(TenantClient client, UUID customer, LocalDate start, LocalDate end) {
        Response response = client.post("/api/v1/contracts", body(customer, "Contract", start, end, "1000.00"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
