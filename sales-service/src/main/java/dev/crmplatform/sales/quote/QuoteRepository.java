package dev.crmplatform.sales.quote;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.sales.quote.QuoteView.LineView;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code quote} and {@code quote_line}; every query filters by tenant. */
@Repository
public class QuoteRepository {

    private static final String COLUMNS = """
            q.id, q.opportunity_id, q.customer_id, q.quote_number, q.status, q.currency, q.subtotal,
            q.discount_total, q.tax_total, q.total, q.valid_until, q.accepted_at, q.order_id, q.created_at,
            q.updated_at, q.created_by, q.version""";

    private final JdbcClient jdbc;

    public QuoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next quote version of the opportunity; call under the opportunity's row lock. */
    int nextVersion(UUID tenant, UUID opportunityId) {
        return jdbc.sql("select coalesce(max(quote_number), 0) + 1 from quote where tenant_id = :tenant and opportunity_id = :opp")
                .param("tenant", tenant).param("opp", opportunityId)
                .query(Integer.class).single();
    }

    /** Marks the opportunity's OPEN quotes SUPERSEDED. */
    void supersedeOpen(UUID tenant, UUID opportunityId, String actor) {
        jdbc.sql("""
                        update quote set status = 'SUPERSEDED', updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and opportunity_id = :opp and status = 'OPEN'""")
                .param("actor", actor).param("tenant", tenant).param("opp", opportunityId)
                .update();
    }

    record Insert(UUID id, UUID opportunityId, UUID customerId, int quoteVersion, String currency,
                  QuoteMath.Totals totals, LocalDate validUntil) {
    }

    void insert(UUID tenant, Insert quote, List<LineView> lines, String actor) {
        jdbc.sql("""
                        insert into quote (id, tenant_id, opportunity_id, customer_id, quote_number, status, currency,
                            subtotal, discount_total, tax_total, total, valid_until, created_by, updated_by)
                        values (:id, :tenant, :opp, :customer, :number, 'OPEN', :currency, :subtotal, :discount, :tax,
                            :total, :validUntil, :actor, :actor)""")
                .param("id", quote.id()).param("tenant", tenant).param("opp", quote.opportunityId())
                .param("customer", quote.customerId()).param("number", quote.quoteVersion())
                .param("currency", quote.currency()).param("subtotal", quote.totals().subtotal())
                .param("discount", quote.totals().discountTotal()).param("tax", quote.totals().taxTotal())
                .param("total", quote.totals().total()).param("validUntil", quote.validUntil())
                .param("actor", actor)
                .update();
        for (LineView line : lines) {
            jdbc.sql("""
                            insert into quote_line (id, tenant_id, quote_id, position, product_id, description, quantity,
                                unit_price, discount_percent, tax_rate, net_amount, tax_amount, total)
                            values (:id, :tenant, :quote, :position, :product, :description, :quantity, :unitPrice,
                                :discount, :taxRate, :net, :tax, :total)""")
                    .param("id", Ids.newId()).param("tenant", tenant).param("quote", quote.id())
                    .param("position", line.position()).param("product", line.productId())
                    .param("description", line.description()).param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice()).param("discount", line.discountPercent())
                    .param("taxRate", line.taxRate()).param("net", line.netAmount()).param("tax", line.taxAmount())
                    .param("total", line.total())
                    .update();
        }
    }

    void markAccepted(UUID tenant, UUID id, UUID orderId, String actor) {
        jdbc.sql("""
                        update quote set status = 'ACCEPTED', accepted_at = now(), order_id = :order, updated_at = now(),
                            updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("order", orderId).param("actor", actor).param("tenant", tenant).param("id", id)
                .update();
    }

    public Optional<QuoteView> find(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from quote q where q.tenant_id = :tenant and q.id = :id")
                .param("tenant", tenant).param("id", id)
                .query(QuoteRepository::map).optional());
    }

    Optional<QuoteView> lock(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS
                        + " from quote q where q.tenant_id = :tenant and q.id = :id for update")
                .param("tenant", tenant).param("id", id)
                .query(QuoteRepository::map).optional());
    }

    List<QuoteView> list(UUID tenant, UUID opportunityId, String status, Keyset keyset) {
        List<String> where = new ArrayList<>(List.of("q.tenant_id = :tenant"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", tenant);
        if (opportunityId != null) {
            where.add("q.opportunity_id = :opp");
            params.put("opp", opportunityId);
        }
        if (status != null) {
            where.add("q.status = :status");
            params.put("status", status);
        }
        where.add(keyset.where());
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from quote q where " + String.join(" and ", where)
                        + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .params(params)
                .query(QuoteRepository::map).list());
    }

    private List<QuoteView> withLines(UUID tenant, List<QuoteView> quotes) {
        if (quotes.isEmpty()) {
            return quotes;
        }
        Map<UUID, List<LineView>> lines = new LinkedHashMap<>();
        quotes.forEach(q -> lines.put(q.id(), new ArrayList<>()));
        jdbc.sql("""
                        select quote_id, position, product_id, description, quantity, unit_price, discount_percent,
                            tax_rate, net_amount, tax_amount, total
                        from quote_line where tenant_id = :tenant and quote_id in (:ids) order by quote_id, position""")
                .param("tenant", tenant).param("ids", List.copyOf(lines.keySet()))
                .query((rs, n) -> {
                    lines.get(rs.getObject("quote_id", UUID.class)).add(new LineView(rs.getInt("position"),
                            rs.getObject("product_id", UUID.class), rs.getString("description"),
                            rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                            rs.getBigDecimal("discount_percent"), rs.getBigDecimal("tax_rate"),
                            rs.getBigDecimal("net_amount"), rs.getBigDecimal("tax_amount"), rs.getBigDecimal("total")));
                    return null;
                }).list();
        return quotes.stream().map(q -> q.withLines(lines.get(q.id()))).toList();
    }

    private Optional<QuoteView> withLines(UUID tenant, Optional<QuoteView> quote) {
        return quote.map(q -> withLines(tenant, List.of(q)).getFirst());
    }

    static QuoteView map(ResultSet rs, int rowNum) throws SQLException {
        return new QuoteView(rs.getObject("id", UUID.class), rs.getObject("opportunity_id", UUID.class),
                rs.getObject("customer_id", UUID.class), rs.getInt("quote_number"), rs.getString("status"),
                rs.getString("currency").strip(), rs.getBigDecimal("subtotal"), rs.getBigDecimal("discount_total"),
                rs.getBigDecimal("tax_total"), rs.getBigDecimal("total"),
                rs.getObject("valid_until", LocalDate.class), rs.getObject("accepted_at", OffsetDateTime.class),
                rs.getObject("order_id", UUID.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getString("created_by"), rs.getLong("version"),
                List.of());
    }

}
