package dev.crmplatform.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmplatform.contracts.events.customer.CustomerState;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.sales.support.CustomerEventPublisher;
import dev.crmplatform.sales.support.CustomerEventPublisher.Sent;
import dev.crmplatform.sales.support.TenantClient;
import dev.crmplatform.sales.support.TenantJdbc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The customer replica, driven by real customer events on Kafka (as customer-service's outbox publishes them). */
@CrmIntegrationTest
class CustomerReplicaIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static CustomerEventPublisher publisher;

    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    private TenantJdbc sql;
    private UUID tenant;

    @BeforeAll
    static void startPublisher() {
        publisher = new CustomerEventPublisher();
    }

    @AfterAll
    static void stopPublisher() {
        publisher.close();
    }

    @BeforeEach
    void setUp() {
        sql = new TenantJdbc(dataSource);
        tenant = UUID.randomUUID();
    }

    @Test
    void createdAndUpdatedEventsKeepTheReplicaAndAnOlderVersionArrivingLateIsIgnored() {
        UUID id = Ids.newId();
        publisher.created(tenant, CustomerEventPublisher.state(id, 1, "Ann", "Old", "Ann@Example.com", "5000.00"));
        publisher.updated(tenant, CustomerEventPublisher.state(id, 3, "Ann", "Newest", "ann@new.example", "7000.00"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(replica(tenant, id))
                .containsEntry("display_name", "Ann Newest").containsEntry("version", 3L));

        Sent late = publisher.updated(tenant, CustomerEventPublisher.state(id, 2, "Ann", "Stale", "ann@old.example",
                "1.00"));
        await().atMost(WAIT).until(() -> sql.inboxSaw(late.eventId()));

        Map<String, Object> row = replica(tenant, id);
        assertThat(row).containsEntry("display_name", "Ann Newest").containsEntry("primary_email", "ann@new.example")
                .containsEntry("version", 3L).containsEntry("status", "ACTIVE").containsEntry("erased", false)
                .containsEntry("lifecycle_stage", "CUSTOMER").containsEntry("owner_id", "owner-3");
        assertThat(row.get("credit_limit_amount").toString()).isEqualTo("7000.0000");
        assertThat(row.get("email_keys").toString()).isEqualTo("{ann@new.example}");
    }

    @Test
    void aRedeliveredEventTakesEffectOnce() {
        UUID customer = Ids.newId();
        publisher.created(tenant, CustomerEventPublisher.state(customer, 1, "Red", "Delivery", "red@example.com", null));
        UUID lead = convertedLead(tenant, customer, "red@example.com");

        Sent erased = publisher.erased(tenant, customer, 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(leadRow(tenant, lead)).containsEntry("anonymised", true));
        long versionAfterErasure = (Long) leadRow(tenant, lead).get("version");

        publisher.send(erased);
        // A later event for the same customer (same key, so the same partition, after the redelivery).
        Sent after = publisher.send(tenant, "crm.customer.consent-changed.v1", customer, 3, Map.of(
                "customerId", customer.toString(), "channel", "EMAIL", "purpose", "MARKETING", "status", "DENIED",
                "source", "it", "changedAt", "2026-11-24T10:00:00Z"));
        await().atMost(WAIT).until(() -> sql.inboxSaw(after.eventId()));

        assertThat(leadRow(tenant, lead).get("version")).isEqualTo(versionAfterErasure);
        assertThat(replica(tenant, customer)).containsEntry("version", 3L).containsEntry("erased", true);
    }

    @Test
    void aMergeRepointsOpportunitiesQuotesOrdersContractsAndLeadsToTheSurvivor() {
        UUID loser = Ids.newId();
        UUID survivor = Ids.newId();
        publisher.created(tenant, CustomerEventPublisher.state(loser, 1, "Lou", "Ser", "lou@example.com", null));
        publisher.created(tenant, CustomerEventPublisher.state(survivor, 1, "Sur", "Vivor", "sur@example.com", null));
        await().atMost(WAIT).until(() -> replica(tenant, loser) != null && replica(tenant, survivor) != null);

        UUID opportunity = Ids.newId();
        UUID quote = Ids.newId();
        UUID order = Ids.newId();
        UUID contract = Ids.newId();
        sql.run(tenant, jdbc -> {
            jdbc.sql("""
                    insert into opportunity (id, tenant_id, customer_id, name, amount, currency, expected_close_date,
                                             stage, probability, created_by, updated_by)
                    values (:id, :tenant, :customer, 'Deal', 100, 'EUR', date '2026-12-31', 'PROSPECTING', 10, 'it', 'it')
                    """).param("id", opportunity).param("tenant", tenant).param("customer", loser).update();
            jdbc.sql("""
                    insert into quote (id, tenant_id, opportunity_id, customer_id, currency, subtotal, discount_total,
                                       tax_total, total, valid_until, created_by, updated_by)
                    values (:id, :tenant, :opportunity, :customer, 'EUR', 100, 0, 0, 100, date '2026-12-31', 'it', 'it')
                    """).param("id", quote).param("tenant", tenant).param("opportunity", opportunity)
                    .param("customer", loser).update();
            jdbc.sql("""
                    insert into sales_order (id, tenant_id, customer_id, currency, total, created_by, updated_by)
                    values (:id, :tenant, :customer, 'EUR', 100, 'it', 'it')
                    """).param("id", order).param("tenant", tenant).param("customer", loser).update();
            jdbc.sql("""
                    insert into contract (id, tenant_id, customer_id, start_date, end_date, value, currency,
                                          created_by, updated_by)
                    values (:id, :tenant, :customer, date '2026-01-01', date '2026-12-31', 100, 'EUR', 'it', 'it')
                    """).param("id", contract).param("tenant", tenant).param("customer", loser).update();
        });
        UUID lead = convertedLead(tenant, loser, "lou@example.com");
        // Another tenant's rows are out of reach of this tenant's merge.
        UUID otherTenant = UUID.randomUUID();
        UUID otherOrder = Ids.newId();
        sql.run(otherTenant, jdbc -> jdbc.sql("""
                insert into sales_order (id, tenant_id, customer_id, currency, total, created_by, updated_by)
                values (:id, :tenant, :customer, 'EUR', 100, 'it', 'it')
                """).param("id", otherOrder).param("tenant", otherTenant).param("customer", loser).update());

        CustomerState survivorAfter = CustomerEventPublisher.state(survivor, 2, "Sur", "Vivor", "sur@example.com",
                null);
        publisher.merged(tenant, loser, 2, survivorAfter);

        await().atMost(WAIT).untilAsserted(() -> assertThat(replica(tenant, loser))
                .containsEntry("status", "MERGED").containsEntry("merged_into", survivor));
        assertThat(customerOf(tenant, "opportunity", opportunity)).isEqualTo(survivor);
        assertThat(customerOf(tenant, "quote", quote)).isEqualTo(survivor);
        assertThat(customerOf(tenant, "sales_order", order)).isEqualTo(survivor);
        assertThat(customerOf(tenant, "contract", contract)).isEqualTo(survivor);
        assertThat(leadRow(tenant, lead)).containsEntry("converted_customer_id", survivor);
        assertThat(customerOf(otherTenant, "sales_order", otherOrder)).isEqualTo(loser);
        assertThat(replica(tenant, survivor)).containsEntry("version", 2L).containsEntry("status", "ACTIVE");
    }

    @Test
    void anErasureAnonymisesTheReplicaAndTheLeadsHoldingThatPersonsDataButNoOtherTenants() {
        UUID customer = Ids.newId();
        publisher.created(tenant, CustomerEventPublisher.state(customer, 1, "Eve", "Rased", "Eve@Example.com", null));
        await().atMost(WAIT).until(() -> replica(tenant, customer) != null);
        UUID converted = convertedLead(tenant, customer, "eve@example.com");
        UUID openSameEmail = openLead(tenant, "eve@example.com");
        UUID unrelated = openLead(tenant, "someone@else.example");
        // The same person as another tenant's customer and lead: untouched.
        UUID otherTenant = UUID.randomUUID();
        UUID otherCustomer = Ids.newId();
        publisher.created(otherTenant, CustomerEventPublisher.state(otherCustomer, 1, "Eve", "Rased",
                "eve@example.com", null));
        await().atMost(WAIT).until(() -> replica(otherTenant, otherCustomer) != null);
        UUID otherLead = openLead(otherTenant, "eve@example.com");

        publisher.erased(tenant, customer, 2);

        await().atMost(WAIT).untilAsserted(() -> assertThat(replica(tenant, customer))
                .containsEntry("erased", true).containsEntry("status", "ERASED"));
        Map<String, Object> replica = replica(tenant, customer);
        assertThat(replica.get("display_name")).isNull();
        assertThat(replica.get("primary_email")).isNull();
        assertThat(replica.get("email_keys").toString()).isEqualTo("{}");
        for (UUID lead : List.of(converted, openSameEmail)) {
            Map<String, Object> row = leadRow(tenant, lead);
            assertThat(row).containsEntry("anonymised", true);
            for (String column : List.of("first_name", "last_name", "email", "phone", "title", "notes")) {
                assertThat(row.get(column)).as(column).isNull();
            }
            assertThat(row).containsEntry("company", "Personal Ltd");
        }
        assertThat(leadRow(tenant, unrelated)).containsEntry("anonymised", false)
                .containsEntry("email", "someone@else.example");
        assertThat(leadRow(otherTenant, otherLead)).containsEntry("anonymised", false)
                .containsEntry("first_name", "Eve");
        assertThat(replica(otherTenant, otherCustomer)).containsEntry("erased", false)
                .containsEntry("primary_email", "eve@example.com");

        // The API shows the anonymised lead, and it is read-only.
        TenantClient client = TenantClient.forTenant(port, tenant, TenantClient.ALL_SCOPES);
        JsonNode lead = client.get("/api/v1/leads/" + converted).json();
        assertThat(lead.get("anonymised").asBoolean()).isTrue();
        assertThat(lead.has("email") && !lead.get("email").isNull()).isFalse();
    }

    @Test
    void anotherTenantNeverSeesTheReplicaRow() {
        UUID customer = Ids.newId();
        publisher.created(tenant, CustomerEventPublisher.state(customer, 1, "Iso", "Lated", "iso@example.com", null));
        await().atMost(WAIT).until(() -> replica(tenant, customer) != null);

        assertThat(replica(UUID.randomUUID(), customer)).isNull();
        long visible = sql.as(UUID.randomUUID(), jdbc -> jdbc.sql("select count(*) from customer_replica")
                .query(Long.class).single());
        assertThat(visible).isZero();
    }

    @Test
    void aMergedEventForACustomerTheReplicaNeverSawLeavesATombstone() {
        UUID loser = Ids.newId();
        UUID survivor = Ids.newId();
        publisher.merged(tenant, loser, 4, CustomerEventPublisher.state(survivor, 7, "Only", "Survivor",
                "only@example.com", null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(replica(tenant, loser))
                .containsEntry("status", "MERGED").containsEntry("merged_into", survivor)
                .containsEntry("version", 4L));
        assertThat(replica(tenant, survivor)).containsEntry("display_name", "Only Survivor");
    }

    private Map<String, Object> replica(UUID tenant, UUID id) {
        return sql.as(tenant, jdbc -> jdbc.sql("""
                        select display_name, primary_email, email_keys::text as email_keys, lifecycle_stage, owner_id,
                               credit_limit_amount, status, merged_into, erased, version
                        from customer_replica where id = :id""")
                .param("id", id).query().listOfRows().stream().findFirst().orElse(null));
    }

    private Map<String, Object> leadRow(UUID tenant, UUID id) {
        return sql.as(tenant, jdbc -> jdbc.sql("select * from lead where id = :id").param("id", id)
                .query().singleRow());
    }

    private UUID customerOf(UUID tenant, String table, UUID id) {
        return sql.as(tenant, jdbc -> jdbc.sql("select customer_id from " + table + " where id = :id")
                .param("id", id).query(UUID.class).single());
    }

    private UUID convertedLead(UUID tenant, UUID customer, String email) {
        return insertLead(tenant, email, "CONVERTED", customer);
    }

    private UUID openLead(UUID tenant, String email) {
        return insertLead(tenant, email, "QUALIFIED", null);
    }

    private UUID insertLead(UUID tenant, String email, String status, UUID customer) {
        UUID id = Ids.newId();
        sql.run(tenant, (JdbcClient jdbc) -> jdbc.sql("""
                        insert into lead (id, tenant_id, first_name, last_name, email, phone, title, company, notes,
                                          status, converted_customer_id, created_by, updated_by)
                        values (:id, :tenant, 'Eve', 'Person', :email, '+49301234567', 'CEO', 'Personal Ltd',
                                'met at the fair', :status, :customer, 'it', 'it')""")
                .param("id", id).param("tenant", tenant).param("email", email).param("status", status)
                .param("customer", customer).update());
        return id;
    }
}
