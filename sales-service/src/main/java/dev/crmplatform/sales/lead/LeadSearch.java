package dev.crmplatform.sales.lead;

import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Lists leads with filters, sorting and keyset pagination (stable under concurrent inserts). */
@Component
public class LeadSearch {

    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt", "l.created_at",
            "score", "l.score");

    private final LeadRepository leads;

    public LeadSearch(LeadRepository leads) {
        this.leads = leads;
    }

    public record Filter(String status, String ownerId, String source) {
    }

    @Transactional(readOnly = true)
    public Page<LeadRow> list(Filter filter, Integer limit, String cursor, String sort) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, "-createdAt");
        Keyset keyset = Keyset.of(query, "l.id");
        List<String> where = new ArrayList<>(List.of("l.tenant_id = :tenant"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", TenantContext.require());
        if (filter.status() != null) {
            where.add("l.status = :status");
            params.put("status", filter.status());
        }
        if (filter.ownerId() != null) {
            where.add("l.owner_id = :ownerId");
            params.put("ownerId", filter.ownerId());
        }
        if (filter.source() != null) {
            where.add("l.source = :source");
            params.put("source", filter.source());
        }
        where.add(keyset.where());
        String sql = "select " + LeadRepository.COLUMNS + " from lead l where " + String.join(" and ", where)
                + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit();
        List<LeadRow> rows = leads.query(sql, params);
        return keyset.page(rows, (row, field) -> switch (field) {
            case "createdAt" -> row.createdAt();
            case "score" -> row.score();
            default -> row.id();
        });
    }
}
