package dev.crmplatform.sales.order;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.sales.order.OrderView.LineView;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code sales_order}, {@code order_line} and {@code payment}; every query filters by tenant. */
@Repository
public class OrderRepository {

    private static final String COLUMNS = """
            o.id, o.customer_id, o.quote_id, o.opportunity_id, o.status, o.currency, o.total, o.paid_total,
            o.fully_paid, o.credit_override_by, o.credit_override_reason, o.placed_at, o.created_at, o.updated_at,
            o.created_by, o.version""";

    private final JdbcClient jdbc;

    public OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the credit check needs of a customer, read from the replica under a row lock. */
    record CreditAccount(UUID id, String status, boolean erased, BigDecimal creditLimit, String currency) {

        boolean active() {
            return "ACTIVE".equals(status) && !erased;
        }
    }

    /**
     * Locks the customer's replica row until the transaction ends: credit checks of one customer run one after the
     * other, so two concurrent orders cannot both fit under the limit. (The replica consumer's updates of that row
     * wait for the same lock, which is short.)
     */
    Optional<CreditAccount> lockCreditAccount(UUID tenant, UUID customerId) {
        return jdbc.sql("""
                        select id, status, erased, credit_limit_amount, credit_limit_currency from customer_replica
                        where tenant_id = :tenant and id = :id for update""")
                .param("tenant", tenant).param("id", customerId)
                .query((rs, n) -> new CreditAccount(rs.getObject("id", UUID.class), rs.getString("status"),
                        rs.getBoolean("erased"), rs.getBigDecimal("credit_limit_amount"),
                        rs.getString("credit_limit_currency") == null ? null : rs.getString("credit_limit_currency").strip()))
                .optional();
    }

    /** Outstanding amount of the customer's orders that are neither cancelled nor fully paid, in {@code currency}. */
    BigDecimal exposure(UUID tenant, UUID customerId, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(total - paid_total), 0) from sales_order
                        where tenant_id = :tenant and customer_id = :customer and not fully_paid
                          and status <> 'CANCELLED' and currency = :currency""")
                .param("tenant", tenant).param("customer", customerId).param("currency", currency)
                .query(BigDecimal.class).single();
    }

    record Insert(UUID id, UUID customerId, UUID quoteId, UUID opportunityId, String currency, BigDecimal total,
                  String overrideBy, String overrideReason) {
    }

    void insert(UUID tenant, Insert order, List<LineView> lines, String actor) {
        jdbc.sql("""
                        insert into sales_order (id, tenant_id, customer_id, quote_id, opportunity_id, status, currency,
                            total, credit_override_by, credit_override_reason, created_by, updated_by)
                        values (:id, :tenant, :customer, :quote, :opp, 'PLACED', :currency, :total, :overrideBy,
                            :overrideReason, :actor, :actor)""")
                .param("id", order.id()).param("tenant", tenant).param("customer", order.customerId())
                .param("quote", order.quoteId()).param("opp", order.opportunityId())
                .param("currency", order.currency()).param("total", order.total())
                .param("overrideBy", order.overrideBy()).param("overrideReason", order.overrideReason())
                .param("actor", actor)
                .update();
        for (LineView line : lines) {
            jdbc.sql("""
                            insert into order_line (id, tenant_id, order_id, position, product_id, description, quantity,
                                unit_price, discount_percent, tax_rate, total)
                            values (:id, :tenant, :order, :position, :product, :description, :quantity, :unitPrice,
                                :discount, :tax, :total)""")
                    .param("id", Ids.newId()).param("tenant", tenant).param("order", order.id())
                    .param("position", line.position()).param("product", line.productId())
                    .param("description", line.description()).param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice()).param("discount", line.discountPercent())
                    .param("tax", line.taxRate()).param("total", line.total())
                    .update();
        }
    }

    public Optional<OrderView> find(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from sales_order o where o.tenant_id = :tenant and o.id = :id")
                .param("tenant", tenant).param("id", id)
                .query(OrderRepository::map).optional());
    }

    Optional<OrderView> lock(UUID tenant, UUID id) {
        return withLines(tenant, jdbc.sql("select " + COLUMNS
                        + " from sales_order o where o.tenant_id = :tenant and o.id = :id for update")
                .param("tenant", tenant).param("id", id)
                .query(OrderRepository::map).optional());
    }

    void changeStatus(UUID tenant, UUID id, String status, String actor) {
        jdbc.sql("""
                        update sales_order set status = :status, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and id = :id""")
                .param("status", status).param("actor", actor).param("tenant", tenant).param("id", id)
                .update();
    }

    record Filter(UUID customerId, String status) {
    }

    List<OrderView> list(UUID tenant, Filter filter, Keyset keyset) {
        List<String> where = new ArrayList<>(List.of("o.tenant_id = :tenant"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", tenant);
        if (filter.customerId() != null) {
            where.add("o.customer_id = :customer");
            params.put("customer", filter.customerId());
        }
        if (filter.status() != null) {
            where.add("o.status = :status");
            params.put("status", filter.status());
        }
        where.add(keyset.where());
        return withLines(tenant, jdbc.sql("select " + COLUMNS + " from sales_order o where "
                        + String.join(" and ", where) + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .params(params)
                .query(OrderRepository::map).list());
    }

    void insertPayment(UUID tenant, UUID id, UUID orderId, BigDecimal amount, String currency, String method,
                       String reference, String actor) {
        jdbc.sql("""
                        insert into payment (id, tenant_id, order_id, amount, currency, method, reference, created_by)
                        values (:id, :tenant, :order, :amount, :currency, :method, :reference, :actor)""")
                .param("id", id).param("tenant", tenant).param("order", orderId).param("amount", amount)
                .param("currency", currency).param("method", method).param("reference", reference)
                .param("actor", actor)
                .update();
        jdbc.sql("""
                        update sales_order set paid_total = paid_total + :amount,
                            fully_paid = paid_total + :amount >= total,
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :order""")
                .param("amount", amount).param("actor", actor).param("tenant", tenant).param("order", orderId)
                .update();
    }

    Optional<PaymentView> findPayment(UUID tenant, UUID id) {
        return jdbc.sql("""
                        select id, order_id, amount, currency, method, reference, received_at, created_by from payment
                        where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant).param("id", id)
                .query(OrderRepository::mapPayment).optional();
    }

    List<PaymentView> payments(UUID tenant, UUID orderId, Keyset keyset) {
        return jdbc.sql("""
                        select id, order_id, amount, currency, method, reference, received_at, created_by from payment
                        where tenant_id = :tenant and order_id = :order and """ + " " + keyset.where()
                        + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant).param("order", orderId).params(keyset.params())
                .query(OrderRepository::mapPayment).list();
    }

    private List<OrderView> withLines(UUID tenant, List<OrderView> orders) {
        if (orders.isEmpty()) {
            return orders;
        }
        Map<UUID, List<LineView>> lines = new LinkedHashMap<>();
        orders.forEach(o -> lines.put(o.id(), new ArrayList<>()));
        jdbc.sql("""
                        select order_id, position, product_id, description, quantity, unit_price, discount_percent,
                            tax_rate, total
                        from order_line where tenant_id = :tenant and order_id in (:ids) order by order_id, position""")
                .param("tenant", tenant).param("ids", List.copyOf(lines.keySet()))
                .query((rs, n) -> {
                    lines.get(rs.getObject("order_id", UUID.class)).add(new LineView(rs.getInt("position"),
                            rs.getObject("product_id", UUID.class), rs.getString("description"),
                            rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                            rs.getBigDecimal("discount_percent"), rs.getBigDecimal("tax_rate"),
                            rs.getBigDecimal("total")));
                    return null;
                }).list();
        return orders.stream().map(o -> o.withLines(lines.get(o.id()))).toList();
    }

    private Optional<OrderView> withLines(UUID tenant, Optional<OrderView> order) {
        return order.map(o -> withLines(tenant, List.of(o)).getFirst());
    }

    static OrderView map(ResultSet rs, int rowNum) throws SQLException {
        return new OrderView(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getObject("quote_id", UUID.class), rs.getObject("opportunity_id", UUID.class),
                rs.getString("status"), rs.getString("currency").strip(), rs.getBigDecimal("total"),
                rs.getBigDecimal("paid_total"), rs.getBoolean("fully_paid"), rs.getString("credit_override_by"),
                rs.getString("credit_override_reason"), rs.getObject("placed_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("created_by"), rs.getLong("version"), List.of());
    }

    static PaymentView mapPayment(ResultSet rs, int rowNum) throws SQLException {
        return new PaymentView(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getBigDecimal("amount"), rs.getString("currency").strip(), rs.getString("method"),
                rs.getString("reference"), rs.getObject("received_at", OffsetDateTime.class),
                rs.getString("created_by"));
    }
}
