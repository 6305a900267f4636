package dev.crmplatform.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.test.CrmIntegrationTest;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.sales.support.ReplicaFixtures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link OpportunityService#create} as lead conversion and renewals call it: in the caller's transaction. */
@CrmIntegrationTest
class OpportunityCreateIT {

    @Autowired
    OpportunityService service;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void createsTheOpportunityItsFirstStageRowAndTheEventInTheCallersTransaction() {
        UUID tenant = UUID.randomUUID();
        UUID customer = ReplicaFixtures.customer(dataSource, tenant, "Create Co", null, null);
        UUID lead = UUID.randomUUID();

        OpportunityView created = TenantContext.callAs(tenant, () -> transactions.execute(tx -> service.create(
                new NewOpportunity(customer, "Renewal", null, "EUR", LocalDate.of(2026, 12, 15), null, "rep-1",
                        List.of(new NewOpportunity.Line(null, "Seats", new BigDecimal("3"), new BigDecimal("33.335"))),
                        lead, null))));

        assertThat(created.stage()).isEqualTo(OpportunityStage.PROSPECTING);
        assertThat(created.probability()).isEqualTo(10);
        assertThat(created.amount()).isEqualByComparingTo("100.00"); // 100.005 rounded half-even
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.lines()).singleElement().satisfies(l -> assertThat(l.currency()).isEqualTo("EUR"));
        TenantContext.runAs(tenant, () -> {
            Optional<OpportunityView> byLead = transactions.execute(tx -> service.findByLead(lead));
            assertThat(byLead).get().extracting(OpportunityView::id).isEqualTo(created.id());
            List<StageChange> history = transactions.execute(tx -> service.history(created.id()));
            assertThat(history).singleElement()
                    .satisfies(h -> {
                        assertThat(h.fromStage()).isNull();
                        assertThat(h.toStage()).isEqualTo(OpportunityStage.PROSPECTING);
                        assertThat(h.changedBy()).isEqualTo("system");
                    });
            Integer events = transactions.execute(tx -> jdbc.sql(
                            "select count(*) from outbox_event where aggregate_id = :id and event_type = :type")
                    .param("id", created.id().toString())
                    .param("type", "crm.sales.opportunity.stage-changed.v1")
                    .query(Integer.class).single());
            assertThat(events).isEqualTo(1);
        });
    }

    @Test
    void aRolledBackCallerLeavesNothingBehind() {
        UUID tenant = UUID.randomUUID();
        UUID customer = ReplicaFixtures.customer(dataSource, tenant, "Rollback Co", null, null);
        UUID lead = UUID.randomUUID();

        assertThatThrownBy(() -> TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
            service.create(new NewOpportunity(customer, "Doomed", new BigDecimal("10.00"), "EUR",
                    LocalDate.of(2026, 12, 1), OpportunityStage.QUALIFICATION, null).fromLead(lead));
            throw new IllegalStateException("caller fails after creating");
        }))).isInstanceOf(IllegalStateException.class);

        TenantContext.runAs(tenant, () -> {
            Optional<OpportunityView> byLead = transactions.execute(tx -> service.findByLead(lead));
            assertThat(byLead).isEmpty();
        });
    }

    @Test
    void rejectsUnknownCustomersClosedStagesAndInvalidValues() {
        UUID tenant = UUID.randomUUID();
        UUID customer = ReplicaFixtures.customer(dataSource, tenant, "Rules Co", null, null);
        LocalDate close = LocalDate.of(2026, 12, 1);

        TenantContext.runAs(tenant, () -> {
            assertThatThrownBy(() -> service.create(new NewOpportunity(UUID.randomUUID(), "X", BigDecimal.ONE, "EUR",
                    close, null, null))).isInstanceOf(BusinessRuleException.class);
            assertThatThrownBy(() -> service.create(new NewOpportunity(customer, "X", BigDecimal.ONE, "EUR",
                    close, OpportunityStage.CLOSED_WON, null))).isInstanceOf(BusinessRuleException.class);
            assertThatThrownBy(() -> service.create(new NewOpportunity(customer, " ", new BigDecimal("-1"), "eur",
                    null, null, null)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getErrors())
                            .extracting(f -> f.field())
                            .containsExactlyInAnyOrder("name", "amount.amount", "amount.currency", "expectedCloseDate"));
        });
    }
}
