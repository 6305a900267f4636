package dev.crmplatform.sales.contract;

import static dev.crmplatform.sales.contract.ContractsIT.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.test.TestKafka;
import dev.crmplatform.sales.SalesServiceApplication;
import dev.crmplatform.sales.events.SalesEvents;
import dev.crmplatform.sales.forecast.PipelineRows;
import dev.crmplatform.sales.support.ReplicaFixtures;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.platform.test.TenantClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract renewals through the real scheduler (db-scheduler on this suite's database, polling every 200 ms), the
 * outbox and Kafka. "Exactly once per term" is shown by running a term's execution again after a restart, as a crash
 * between the renewal's commit and the scheduler's bookkeeping would, and by two instances polling side by side.
 */
@CrmIntegrationTest
@TestPropertySource(properties = "crm.sales.contracts.scheduler.polling-interval=200ms")
class ContractRenewalIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    RenewalScheduler scheduler;

    @Autowired
    ContractRenewals renewals;

    @Autowired
    Environment environment;

    @BeforeAll
    static void subscribe() {
        consumer = TestKafka.consumer(SalesEvents.TOPIC);
    }

    @AfterAll
    static void unsubscribe() {
        consumer.close();
    }

    @Test
    void aDueTermGetsOneRenewalOpportunityAndOneEvent() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Renew Co", null, null);
        LocalDate end = TODAY.plusDays(10);

        String contract = create(client, customer, TODAY.minusYears(1), end);

        ConsumerRecord<String, byte[]> event = awaitRenewalEvents(contract, 1).getFirst();
        assertThat(event.key()).isEqualTo(customer.toString());
        assertThat(TestKafka.header(event, "ce_tenantid")).isEqualTo(client.tenant().toString());
        JsonNode payload = JSON.readTree(event.value());
        assertThat(payload.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(payload.get("termStart").asString()).isEqualTo(TODAY.minusYears(1).toString());
        assertThat(payload.get("termEnd").asString()).isEqualTo(end.toString());
        assertThat(payload.get("value").get("amount").asString()).isEqualTo("1000.00");
        assertThat(payload.get("autoRenew").asBoolean()).isTrue();
        String opportunityId = payload.get("renewalOpportunityId").asString();

        JsonNode read = client.get("/api/v1/contracts/" + contract).json();
        assertThat(read.get("renewalOpportunityId").asString()).isEqualTo(opportunityId);
        assertThat(read.get("version").asLong()).isEqualTo(2);
        assertThat(TestKafka.header(event, "ce_aggregateversion")).isEqualTo("2");
        Map<String, Object> opportunity = single(client.tenant(), "select customer_id::text as customer, amount::text"
                + " as amount, currency, expected_close_date::text as close, stage, created_by from opportunity"
                + " where source_contract_id = '" + contract + "'");
        assertThat(opportunity).containsEntry("customer", customer.toString()).containsEntry("amount", "1000.0000")
                .containsEntry("currency", "EUR").containsEntry("close", end.toString())
                .containsEntry("stage", "PROSPECTING").containsEntry("created_by", "system");
        assertThat(scheduler.scheduledAt(UUID.fromString(contract))).isEmpty();
    }

    @Test
    void aTermIsRenewedExactlyOnceEvenWhenItsExecutionRunsAgainAfterARestartAndTwoInstancesPoll() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Restart Co", null, null);
        String contract = create(client, customer, TODAY.minusYears(1), TODAY.plusDays(5));
        awaitRenewalEvents(contract, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.scheduledAt(UUID.fromString(contract)).isEmpty());

        // A crash after the renewal committed but before the scheduler removed its execution leaves the execution
        // in scheduled_tasks: put it back, with this instance down, and let a restarted instance run it.
        scheduler.stop();
        scheduler.schedule(client.tenant(), UUID.fromString(contract), Instant.now().minusSeconds(60));
        List<String> concurrent = new ArrayList<>();
        try (ConfigurableApplicationContext restarted = startAnotherInstance()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> scheduler.scheduledAt(UUID.fromString(contract)).isEmpty());
            // Same customer, so same key and partition: once this later renewal's event is on the topic, a second
            // event for the first contract would have been seen before it.
            String marker = create(client, customer, TODAY.minusYears(1), TODAY.plusDays(6));
            awaitRenewalEvents(marker, 1);

            // now both instances poll: each due term is still renewed once
            scheduler.start();
            TenantClient other = TenantClient.newTenant(port);
            UUID otherCustomer = ReplicaFixtures.customer(dataSource, other.tenant(), "Cluster Co", null, null);
            for (int i = 0; i < 10; i++) {
                TenantClient who = i % 2 == 0 ? client : other;
                concurrent.add(create(who, i % 2 == 0 ? customer : otherCustomer, TODAY.minusYears(1),
                        TODAY.plusDays(i)));
            }
            for (String id : concurrent) {
                awaitRenewalEvents(id, 1);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> concurrent.stream()
                    .allMatch(id -> scheduler.scheduledAt(UUID.fromString(id)).isEmpty()));
            String last = create(client, customer, TODAY.minusYears(1), TODAY.plusDays(7));
            awaitRenewalEvents(last, 1);
        } finally {
            scheduler.start();
        }

        assertThat(renewalEvents(contract)).hasSize(1);
        assertThat(count(client.tenant(), "select count(*) from opportunity where source_contract_id = '" + contract
                + "'")).isEqualTo(1);
        assertThat(count(client.tenant(), "select count(*) from contract_renewal where contract_id = '" + contract
                + "'")).isEqualTo(1);
        for (String id : concurrent) {
            assertThat(renewalEvents(id)).as("events of " + id).hasSize(1);
        }
        Set<String> eventIds = new HashSet<>();
        concurrent.forEach(id -> renewalEvents(id).forEach(r -> eventIds.add(TestKafka.header(r, "ce_id"))));
        assertThat(eventIds).hasSize(10);
    }

    @Test
    void aNewTermAfterTheRenewalIsRenewedInItsTurn() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Terms Co", null, null);
        LocalDate firstEnd = TODAY.plusDays(10);
        String contract = create(client, customer, TODAY.minusYears(1), firstEnd);
        awaitRenewalEvents(contract, 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.get("/api/v1/contracts/" + contract).json().get("version").asLong() == 2);

        LocalDate secondEnd = TODAY.plusDays(20);
        Response patched = client.patch("/api/v1/contracts/" + contract, "{\"endDate\":\"" + secondEnd + "\"}", "\"2\"");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("termNumber").asInt()).isEqualTo(2);
        assertThat(patched.json().get("startDate").asString()).isEqualTo(firstEnd.plusDays(1).toString());
        List<ConsumerRecord<String, byte[]>> events = awaitRenewalEvents(contract, 2);
        JsonNode second = JSON.readTree(events.get(1).value());
        assertThat(second.get("termStart").asString()).isEqualTo(firstEnd.plusDays(1).toString());
        assertThat(second.get("termEnd").asString()).isEqualTo(secondEnd.toString());
        assertThat(second.get("renewalOpportunityId").asString())
                .isNotEqualTo(JSON.readTree(events.get(0).value()).get("renewalOpportunityId").asString());
        assertThat(count(client.tenant(), "select count(*) from opportunity where source_contract_id = '" + contract
                + "'")).isEqualTo(2);
    }

    @Test
    void aRenewalWaitsForItsDayAndFollowsTheEndDate() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Later Co", null, null);
        String contract = create(client, customer, TODAY, TODAY.plusDays(31));
        UUID id = UUID.fromString(contract);

        assertThat(scheduler.scheduledAt(id)).contains(TODAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        // run early (as a mis-set clock or a moved end date would): it only reschedules itself
        assertThat(renewals.handle(client.tenant(), id).rescheduleAt())
                .isEqualTo(TODAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(count(client.tenant(), "select count(*) from opportunity where source_contract_id = '" + contract
                + "'")).isZero();

        client.patch("/api/v1/contracts/" + contract, "{\"endDate\":\"" + TODAY.plusDays(15) + "\"}", "\"1\"");
        awaitRenewalEvents(contract, 1);
    }

    @Test
    void aCustomerNoLongerActiveGetsNoRenewalOpportunityAndNoEvent() {
        TenantClient client = TenantClient.newTenant(port);
        UUID customer = ReplicaFixtures.customer(dataSource, client.tenant(), "Gone Co", null, null);
        scheduler.stop();
        String contract;
        try {
            contract = create(client, customer, TODAY.minusYears(1), TODAY.plusDays(3));
            new PipelineRows(dataSource, client.tenant()).inTenant(jdbc -> jdbc.sql(
                    "update customer_replica set status = 'ARCHIVED' where id = :id").param("id", customer).update());
        } finally {
            scheduler.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.scheduledAt(UUID.fromString(contract)).isEmpty());
        assertThat(single(client.tenant(), "select outcome, renewal_opportunity_id from contract_renewal"
                + " where contract_id = '" + contract + "'"))
                .containsEntry("outcome", "SKIPPED_CUSTOMER_INACTIVE").containsEntry("renewal_opportunity_id", null);
        assertThat(count(client.tenant(), "select count(*) from opportunity where source_contract_id = '" + contract
                + "'")).isZero();
        assertThat(client.get("/api/v1/contracts/" + contract).json().get("version").asLong()).isEqualTo(1);
    }

    private ConfigurableApplicationContext startAnotherInstance() {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--crm.sales.contracts.scheduler.polling-interval=200ms"));
        for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.datasource.hikari.maximum-pool-size", "crm.redis.host", "crm.redis.port",
                "spring.data.redis.host", "spring.data.redis.port", "crm.security.jwk-set-uri")) {
            args.add("--" + name + "=" + environment.getRequiredProperty(name));
        }
        return new SpringApplicationBuilder(SalesServiceApplication.class).run(args.toArray(String[]::new));
    }

    private List<ConsumerRecord<String, byte[]>> awaitRenewalEvents(String contractId, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            seen.addAll(TestKafka.poll(consumer, Duration.ofMillis(200)));
            return renewalEvents(contractId).size() >= count;
        });
        return renewalEvents(contractId);
    }

    private static List<ConsumerRecord<String, byte[]>> renewalEvents(String contractId) {
        return seen.stream()
                .filter(r -> SalesEvents.CONTRACT_RENEWAL_DUE.equals(TestKafka.header(r, "ce_type")))
                .filter(r -> contractId.equals(JSON.readTree(r.value()).path("contractId").asString()))
                .toList();
    }

    private long count(UUID tenant, String sql) {
        long[] result = new long[1];
        new PipelineRows(dataSource, tenant).inTenant(jdbc -> result[0] = jdbc.sql(sql).query(Long.class).single());
        return result[0];
    }

    private Map<String, Object> single(UUID tenant, String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        new PipelineRows(dataSource, tenant).inTenant(jdbc -> rows.addAll(jdbc.sql(sql).query().listOfRows()));
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
