package dev.crmplatform.sales.opportunity;

import dev.crmplatform.contracts.sales.model.OpportunityStage;
import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.sales.opportunity.OpportunityView.LineView;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code opportunity}, {@code opportunity_line} and {@code opportunity_stage_history}. Every query filters by
 * tenant; row-level security backs it up. Timestamps are the transaction's {@code now()}.
 */
@Repository
public class OpportunityRepository {

    static final String COLUMNS = """
            o.id, o.customer_id, o.name, o.amount, o.currency, o.expected_close_date, o.stage, o.probability,
            o.owner_id, o.lost_reason, o.closed_at, o.lead_id, o.source_contract_id, o.created_at, o.updated_at,
            o.created_by, o.updated_by, o.version""";

    private final JdbcClient jdbc;

    public OpportunityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The values to insert; {@code stage} is open, {@code probability} from the pipeline. */
    record Insert(UUID id, UUID customerId, String name, BigDecimal amount, String currency,
                  LocalDate expectedCloseDate, OpportunityStage stage, int probability, String ownerId, UUID leadId,
                  UUID sourceContractId) {
    }

    void insert(UUID tenant, Insert row, String actor) {
        jdbc.sql("""
                        insert into opportunity (id, tenant_id, customer_id, name, amount, currency, expected_close_date,
                            stage, probability, owner_id, lead_id, source_contract_id, created_by, updated_by)
                        values (:id, :tenant, :customer, :name, :amount, :currency, :closeDate, :stage, :probability,
                            :owner, :lead, :contract, :actor, :actor)""")
                .param("id", row.id())
                .param("tenant", tenant)
                .param("customer", row.customerId())
                .param("name", row.name())
                .param("amount", row.amount())
                .param("currency", row.currency())
                .param("closeDate", row.expectedCloseDate())
                .param("stage", row.stage().getValue())
                .param("probability", row.probability())
                .param("owner", row.ownerId())
                .param("lead", row.leadId())
                .param("contract", row.sourceContractId())
                .param("actor", actor)
                .update();
    }

    /** Replaces every line of the opportunity (positions 1..n in the given order). */
    void replaceLines(UUID tenant, UUID opportunityId, String currency, List<NewOpportunity.Line> lines) {
        jdbc.sql("delete from opportunity_line where tenant_id = :tenant and opportunity_id = :opp")
                .param("tenant", tenant).param("opp", opportunityId).update();
        int position = 1;
        for (NewOpportunity.Line line : lines) {
            jdbc.sql("""
                            insert into opportunity_line (id, tenant_id, opportunity_id, position, product_id,
                                description, quantity, unit_price, currency)
                            values (:id, :tenant, :opp, :position, :product, :description, :quantity, :unitPrice,
                                :currency)""")
                    .param("id", Ids.newId())
                    .param("tenant", tenant)
                    .param("opp", opportunityId)
                    .param("position", position++)
                    .param("product", line.productId())
                    .param("description", line.description())
                    .param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice())
                    .param("currency", currency)
                    .update();
        }
    }

    void insertStageChange(UUID tenant, UUID opportunityId, OpportunityStage from, OpportunityStage to,
                           String actor) {
        jdbc.sql("""
                        insert into opportunity_stage_history (id, tenant_id, opportunity_id, from_stage, to_stage,
                            changed_by)
                        values (:id, :tenant, :opp, :from, :to, :actor)""")
                .param("id", Ids.newId())
                .param("tenant", tenant)
                .param("opp", opportunityId)
                .param("from", from == null ? null : from.getValue())
                .param("to", to.getValue())
                .param("actor", actor)
                .update();
    }

    public Optional<OpportunityView> find(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from opportunity o where o.tenant_id = :tenant and o.id = :id")
                .param("tenant", tenant).param("id", id)
                .query(OpportunityRepository::map).optional());
    }

    /** Locks the opportunity row for the rest of the transaction. */
    public Optional<OpportunityView> lock(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS
                        + " from opportunity o where o.tenant_id = :tenant and o.id = :id for update")
                .param("tenant", tenant).param("id", id)
                .query(OpportunityRepository::map).optional());
    }

    public Optional<OpportunityView> findByLead(UUID tenant, UUID leadId) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS
                        + " from opportunity o where o.tenant_id = :tenant and o.lead_id = :lead")
                .param("tenant", tenant).param("lead", leadId)
                .query(OpportunityRepository::map).optional());
    }

    /** Product ids among {@code ids} that exist in the tenant. */
    List<UUID> existingProducts(UUID tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from product where tenant_id = :tenant and id in (:ids)")
                .param("tenant", tenant).param("ids", List.copyOf(ids))
                .query(UUID.class).list();
    }

    /** The new values of a patch or stage change; bumps the version. */
    record Update(String name, BigDecimal amount, String currency, LocalDate expectedCloseDate,
                  OpportunityStage stage, int probability, String ownerId, String lostReason, boolean closedNow,
                  boolean reopened) {
    }

    void update(UUID tenant, UUID id, Update update, String actor) {
        jdbc.sql("""
                        update opportunity set name = :name, amount = :amount, currency = :currency,
                            expected_close_date = :closeDate, stage = :stage, probability = :probability,
                            owner_id = :owner, lost_reason = :lostReason,
                            closed_at = case when :closedNow then now() when :reopened then null else closed_at end,
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("name", update.name())
                .param("amount", update.amount())
                .param("currency", update.currency())
                .param("closeDate", update.expectedCloseDate())
                .param("stage", update.stage().getValue())
                .param("probability", update.probability())
                .param("owner", update.ownerId())
                .param("lostReason", update.lostReason())
                .param("closedNow", update.closedNow())
                .param("reopened", update.reopened())
                .param("actor", actor)
                .param("tenant", tenant)
                .param("id", id)
                .update();
    }

    public List<StageChange> history(UUID tenant, UUID opportunityId) {
        return jdbc.sql("""
                        select id, from_stage, to_stage, changed_at, changed_by from opportunity_stage_history
                        where tenant_id = :tenant and opportunity_id = :opp
                        order by changed_at, id""")
                .param("tenant", tenant).param("opp", opportunityId)
                .query((rs, n) -> new StageChange(rs.getObject("id", UUID.class),
                        stage(rs.getString("from_stage")), stage(rs.getString("to_stage")),
                        rs.getObject("changed_at", OffsetDateTime.class), rs.getString("changed_by")))
                .list();
    }

    /** Loads the lines of the given opportunities and attaches them, keeping the order of {@code opportunities}. */
    List<OpportunityView> withLines(UUID tenant, List<OpportunityView> opportunities) {
        if (opportunities.isEmpty()) {
            return opportunities;
        }
        Map<UUID, List<LineView>> lines = new LinkedHashMap<>();
        opportunities.forEach(o -> lines.put(o.id(), new ArrayList<>()));
        jdbc.sql("""
                        select opportunity_id, id, position, product_id, description, quantity, unit_price, currency
                        from opportunity_line where tenant_id = :tenant and opportunity_id in (:ids)
                        order by opportunity_id, position""")
                .param("tenant", tenant).param("ids", List.copyOf(lines.keySet()))
                .query((rs, n) -> {
                    lines.get(rs.getObject("opportunity_id", UUID.class)).add(new LineView(
                            rs.getObject("id", UUID.class), rs.getInt("position"), rs.getObject("product_id", UUID.class),
                            rs.getString("description"), rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                            rs.getString("currency").strip()));
                    return null;
                })
                .list();
        return opportunities.stream().map(o -> o.withLines(lines.get(o.id()))).toList();
    }

    private Optional<OpportunityView> withLines(UUID tenant, Optional<OpportunityView> opportunity) {
        return opportunity.map(o -> withLines(tenant, List.of(o)).getFirst());
    }

    /** List filters; null members do not filter. */
    record Filter(OpportunityStage stage, String ownerId, UUID customerId, LocalDate closeFrom, LocalDate closeTo) {
    }

    List<OpportunityView> list(UUID tenant, Filter filter, dev.crmplatform.platform.web.paging.Keyset keyset) {
        List<String> where = new ArrayList<>(List.of("o.tenant_id = :tenant"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", tenant);
        if (filter.stage() != null) {
            where.add("o.stage = :stage");
            params.put("stage", filter.stage().getValue());
        }
        if (filter.ownerId() != null) {
            where.add("o.owner_id = :owner");
            params.put("owner", filter.ownerId());
        }
        if (filter.customerId() != null) {
            where.add("o.customer_id = :customer");
            params.put("customer", filter.customerId());
        }
        if (filter.closeFrom() != null) {
            where.add("o.expected_close_date >= :closeFrom");
            params.put("closeFrom", filter.closeFrom());
        }
        if (filter.closeTo() != null) {
            where.add("o.expected_close_date <= :closeTo");
            params.put("closeTo", filter.closeTo());
        }
        where.add(keyset.where());
        List<OpportunityView> rows = jdbc.sql("select " + COLUMNS + " from opportunity o where "
                        + String.join(" and ", where) + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .params(params)
                .query(OpportunityRepository::map).list();
        return withLines(tenant, rows);
    }

    static OpportunityView map(ResultSet rs, int rowNum) throws SQLException {
        return new OpportunityView(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getString("name"),
                rs.getBigDecimal("amount"),
                rs.getString("currency").strip(),
                rs.getObject("expected_close_date", LocalDate.class),
                stage(rs.getString("stage")),
                rs.getInt("probability"),
                rs.getString("owner_id"),
                rs.getString("lost_reason"),
                rs.getObject("closed_at", OffsetDateTime.class),
                rs.getObject("lead_id", UUID.class),
                rs.getObject("source_contract_id", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("created_by"),
                rs.getString("updated_by"),
                rs.getLong("version"),
                List.of());
    }

    private static OpportunityStage stage(String value) {
        return value == null ? null : OpportunityStage.fromValue(value);
    }
}
