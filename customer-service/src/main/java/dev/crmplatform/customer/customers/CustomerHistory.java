package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.CustomerHistoryEntry;
import dev.crmplatform.contracts.customer.model.CustomerHistoryPage;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The versions of a customer, newest first, from {@code customer_change}. */
@Component
public class CustomerHistory {

    private final JdbcClient jdbc;
    private final CustomerRepository customers;
    private final CustomerResponses responses;

    public CustomerHistory(JdbcClient jdbc, CustomerRepository customers, CustomerResponses responses) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.responses = responses;
    }

    private record Row(long id, long version, String changeType, OffsetDateTime changedAt, String changedBy,
                       String snapshot) {
    }

    @Transactional(readOnly = true)
    public CustomerHistoryPage list(UUID customerId, Integer limit, String cursor) {
        UUID tenant = TenantContext.require();
        customers.findState(tenant, customerId).orElseThrow(() -> CustomerService.notFound(customerId));
        PageQuery query = PageQuery.of(limit, cursor, null, Map.of("version", "h.version"), "-version");
        Keyset keyset = Keyset.of(query, "h.id");
        var rows = jdbc.sql("select h.id, h.version, h.change_type, h.changed_at, h.changed_by, h.snapshot::text"
                        + " from customer_change h where h.tenant_id = :tenant and h.customer_id = :customer and "
                        + keyset.where() + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant)
                .param("customer", customerId)
                .params(keyset.params())
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6)))
                .list();
        Page<Row> page = keyset.page(rows, (row, field) -> Keyset.ID.equals(field) ? row.id() : row.version());
        return new CustomerHistoryPage(page.items().stream()
                .map(row -> new CustomerHistoryEntry(row.version(), row.changeType(), row.changedAt(), row.changedBy(),
                        responses.toCustomer(row.snapshot())))
                .toList())
                .nextCursor(page.nextCursor());
    }
}
