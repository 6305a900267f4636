package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.CustomerPage;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists customers with filters, sorting and keyset pagination, and searches them with pg_trgm: {@code q} matches
 * names, emails and phones by word similarity, so partial input and typos still find the customer, ranked.
 */
@Component
public class CustomerSearch {

    /** Word-similarity threshold for {@code q}: low enough for a typo or two, high enough to stay selective. */
    static final String SIMILARITY_THRESHOLD = "0.3";

    private static final Pattern PHONE_DIGITS = Pattern.compile("\\d{5,}");
    private static final String RELEVANCE = "round(word_similarity(:q, c.search_text)::numeric, 6)";
    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt", "c.created_at",
            "updatedAt", "c.updated_at",
            "displayName", "lower(c.display_name)",
            "lifecycleStage", "c.lifecycle_stage");
    private static final Map<String, String> SORTABLE_WITH_RELEVANCE;

    static {
        var withRelevance = new HashMap<>(SORTABLE);
        withRelevance.put("relevance", RELEVANCE);
        SORTABLE_WITH_RELEVANCE = Map.copyOf(withRelevance);
    }

    private final JdbcClient jdbc;
    private final CustomerResponses responses;

    public CustomerSearch(JdbcClient jdbc, CustomerResponses responses) {
        this.jdbc = jdbc;
        this.responses = responses;
    }

    public record Filter(String q, String lifecycleStage, String tag, String ownerId, String type,
                         OffsetDateTime updatedSince, boolean includeArchived) {
    }

    private record Row(String state, Map<String, Object> keys) {
    }

    @Transactional(readOnly = true)
    public CustomerPage list(Filter filter, Integer limit, String cursor, String sort) {
        String q = normaliseQuery(filter.q());
        PageQuery query = q == null
                ? PageQuery.of(limit, cursor, sort, SORTABLE, "-createdAt")
                : PageQuery.of(limit, cursor, sort, SORTABLE_WITH_RELEVANCE, "-relevance");
        Keyset keyset = Keyset.of(query, "c.id");

        List<String> where = new ArrayList<>(List.of("c.tenant_id = :tenant",
                filter.includeArchived() ? "c.status in ('ACTIVE', 'ARCHIVED')" : "c.status = 'ACTIVE'"));
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        params.put("tenant", TenantContext.require());
        if (q != null) {
            jdbc.sql("select set_config('pg_trgm.word_similarity_threshold', :threshold, true)")
                    .param("threshold", SIMILARITY_THRESHOLD).query(String.class).single();
            if (PHONE_DIGITS.matcher(q).matches()) {
                // digits are matched as a substring: similarity of number fragments says little
                where.add("c.search_text like :qLike");
                params.put("qLike", "%" + q + "%");
            } else {
                where.add(":q <% c.search_text");
            }
            params.put("q", q);
        }
        addFilter(where, params, "c.lifecycle_stage = :stage", "stage", filter.lifecycleStage());
        addFilter(where, params, "c.tags @> array[cast(:tag as text)]", "tag", filter.tag());
        addFilter(where, params, "c.owner_id = :ownerId", "ownerId", filter.ownerId());
        addFilter(where, params, "c.type = :type", "type", filter.type());
        addFilter(where, params, "c.updated_at >= :updatedSince", "updatedSince", filter.updatedSince());
        where.add(keyset.where());

        List<String> keyColumns = new ArrayList<>();
        query.sort().fields().forEach(f -> keyColumns.add(f.column() + " as \"k_" + f.name() + "\""));
        String sql = "select customer_state(c) as state, c.id as \"k_id\", " + String.join(", ", keyColumns)
                + " from customer c where " + String.join(" and ", where)
                + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit();

        List<Row> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            Map<String, Object> keys = new HashMap<>();
            keys.put(Keyset.ID, rs.getObject("k_id", UUID.class));
            for (var field : query.sort().fields()) {
                String column = "k_" + field.name();
                keys.put(field.name(), switch (field.name()) {
                    case "createdAt", "updatedAt" -> rs.getObject(column, OffsetDateTime.class);
                    case "relevance" -> rs.getBigDecimal(column);
                    default -> rs.getString(column);
                });
            }
            return new Row(rs.getString("state"), keys);
        }).list();

        Page<Row> page = keyset.page(rows, (row, field) -> row.keys().get(field));
        return new CustomerPage(page.items().stream().map(r -> responses.toCustomer(r.state())).toList())
                .nextCursor(page.nextCursor());
    }

    private static void addFilter(List<String> where, Map<String, Object> params, String predicate, String name,
                                  Object value) {
        if (value != null) {
            where.add(predicate);
            params.put(name, value);
        }
    }

    /** Lower case; a query that looks like a phone number is reduced to its digits, as phones are indexed. */
    static String normaliseQuery(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String trimmed = q.trim().toLowerCase(Locale.ROOT);
        if (trimmed.matches("[+\\d][\\d\\s().\\-/]{4,}")) {
            return trimmed.replaceAll("\\D", "");
        }
        return trimmed;
    }
}
