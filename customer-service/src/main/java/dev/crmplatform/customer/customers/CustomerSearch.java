package dev.crmplatform.customer.customers;

import dev.crmplatform.contracts.customer.model.CustomerPage;
import dev.crmplatform.platform.tenancy.TenantContext;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import dev.crmplatform.platform.web.paging.SortSpec;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists customers with filters, sorting and keyset pagination, and searches them: {@code q} matches names and emails
 * through the customers' search terms (V6__customer_search_terms.sql), tolerant of typos and partial input, every
 * word of the query having to match, ranked by relevance; a query that looks like a phone number matches phones by
 * digit substring. The work per query is bounded by the page size and the number of candidate words, not by how many
 * customers share a common name.
 */
@Component
public class CustomerSearch {

    private static final Map<String, String> SORTABLE = Map.of(
            "createdAt", "c.created_at",
            "updatedAt", "c.updated_at",
            "displayName", "lower(c.display_name)",
            "lifecycleStage", "c.lifecycle_stage");
    /** In the term search, x is the customer's hit, x.s its relevance. */
    private static final Map<String, String> SORTABLE_WITH_TERM_RELEVANCE = withRelevance("x.s");

    private static Map<String, String> withRelevance(String column) {
        var withRelevance = new HashMap<>(SORTABLE);
        withRelevance.put("relevance", column);
        return Map.copyOf(withRelevance);
    }

    private final JdbcClient jdbc;
    private final CustomerResponses responses;
    private final SearchTerms terms;
    private final ExactMatches exactMatches;

    public CustomerSearch(JdbcClient jdbc, CustomerResponses responses, SearchTerms terms,
                          ExactMatches exactMatches) {
        this.jdbc = jdbc;
        this.responses = responses;
        this.terms = terms;
        this.exactMatches = exactMatches;
    }

    public record Filter(String q, String lifecycleStage, String tag, String ownerId, String type,
                         OffsetDateTime updatedSince, boolean includeArchived) {
    }

    private record Row(String state, Map<String, Object> keys) {
    }

    @Transactional(readOnly = true)
    public CustomerPage list(Filter filter, Integer limit, String cursor, String sort) {
        String q = normaliseQuery(filter.q());
        if (q != null) {
            return termSearch(q, filter, limit, cursor, sort);
        }
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE, "-createdAt");
        Keyset keyset = Keyset.of(query, "c.id");
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        addFilters(where, params, filter);
        where.add(keyset.where());
        String sql = "select customer_state(c) as state, c.id as \"k_id\", " + keyColumns(query)
                + " from customer c where " + String.join(" and ", where)
                + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit();
        return page(query, keyset, sql, params);
    }

    /**
     * Words, email prefixes: every query word must match (AND). A word matches the customers having one of its
     * candidate words from the tenant's dictionary (the word itself, words it is a prefix of, words similar to it by
     * trigrams); an email-like word matches the customers with an email address starting with it. A customer's
     * relevance is the sum over the query words of the similarity of its best candidate, computed per candidate.
     * A phone fragment, the last four digits of a number and an email domain are matched on their own
     * ({@link ExactMatches}; all matches equally relevant).
     */
    private CustomerPage termSearch(String q, Filter filter, Integer limit, String cursor, String sort) {
        PageQuery query = PageQuery.of(limit, cursor, sort, SORTABLE_WITH_TERM_RELEVANCE, "-relevance");
        Optional<ExactMatches.Hits> exact = exactMatches.of(q);
        if (exact.isPresent()) {
            return equallyRelevant(exact.get(), query, filter);
        }
        List<List<SearchTerms.Candidate>> groups = terms.candidates(TenantContext.require(), q);
        if (groups.isEmpty() || groups.stream().anyMatch(List::isEmpty)) {
            return new CustomerPage(List.of()).nextCursor(null);
        }
        List<SortSpec.Field> fields = query.sort().fields();
        boolean byRelevance = fields.size() == 1 && fields.getFirst().name().equals("relevance");
        Keyset keyset = Keyset.of(query, "c.id");

        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        addFilters(where, params, filter);
        where.add(keyset.where());
        List<SearchTerms.Candidate> all = groups.stream().flatMap(List::stream).toList();
        params.put("groups", all.stream().map(SearchTerms.Candidate::group).toArray(Integer[]::new));
        params.put("terms", all.stream().map(SearchTerms.Candidate::term).toArray(String[]::new));
        params.put("scores", all.stream().map(SearchTerms.Candidate::score).toArray(BigDecimal[]::new));

        String sql;
        if (groups.size() == 1 && byRelevance) {
            // One word ranked by relevance: a customer's relevance is the similarity of its best candidate, and
            // within one candidate all customers tie and are ordered by id. So the page is among the first
            // customers (by id, after the cursor, passing the filters) of each candidate's posting list, counting
            // each customer only under its best candidate: a bounded read of each list, straight from its B-tree,
            // however many customers have the word.
            boolean idDescending = fields.getFirst().descending();
            String inner = String.join(" and ", where).replace("c.id", "p.customer_id");
            sql = """
                    with cand as (select * from unnest(cast(:terms as text[]), cast(:scores as numeric[])) as cand(term, s)),
                    x as (select x.term, x.s, coalesce(array_agg(b.term) filter (where b.term is not null), '{}') as better
                          from cand x left join cand b on b.s > x.s group by x.term, x.s),
                    hits as (
                        select distinct on (h.id) h.id, h.s
                        from x cross join lateral (
                            select p.customer_id as id, x.s
                            from customer_search_term p join customer c on c.id = p.customer_id
                            where p.tenant_id = :tenant and p.term = x.term and not (c.search_terms && x.better)
                              and %s
                            order by p.customer_id %s limit %d) h
                        order by h.id)
                    select customer_state(c) as state, c.id as "k_id", %s
                    from hits x join customer c on c.id = x.id where %s
                    order by %s limit %d""".formatted(inner, idDescending ? "desc" : "asc", keyset.fetchLimit(),
                    keyColumns(query), String.join(" and ", where), keyset.orderBy(), keyset.fetchLimit());
        } else {
            // Several words (all must match) or another sort: the intersection of the words' posting lists (one
            // list per word, a hash join of index-only scans); a customer under several candidates of a word counts
            // its best. Relevance is computed for the intersection only.
            StringBuilder with = new StringBuilder();
            StringBuilder join = new StringBuilder("g1");
            StringBuilder sum = new StringBuilder("max(g1.s)");
            for (int g = 1; g <= groups.size(); g++) {
                with.append(", g").append(g).append(" as (select p.customer_id, x.s from cand x join customer_search_term p")
                        .append(" on p.tenant_id = :tenant and p.term = x.term where x.grp = ").append(g).append(")");
                if (g > 1) {
                    join.append(" join g").append(g).append(" using (customer_id)");
                    sum.append(" + max(g").append(g).append(".s)");
                }
            }
            sql = """
                    with cand as (select * from unnest(cast(:groups as int[]), cast(:terms as text[]),
                                                       cast(:scores as numeric[])) as cand(grp, term, s))%s,
                    hits as (select customer_id as id, %s as s from %s group by customer_id)
                    select customer_state(c) as state, c.id as "k_id", %s
                    from hits x join customer c on c.id = x.id
                    where %s
                    order by %s limit %d""".formatted(with, sum, join, keyColumns(query), String.join(" and ", where),
                    keyset.orderBy(), keyset.fetchLimit());
        }
        return page(query, keyset, sql, params);
    }

    /**
     * Matches that are all equally relevant (phone fragments, last four digits, email domains): the page is the first
     * matches by id after the cursor, so keyset paging works as for any other sort.
     *
     * @param hits a query of matching customer ids (repeats allowed) with bounded work
     */
    private CustomerPage equallyRelevant(ExactMatches.Hits hits, PageQuery query, Filter filter) {
        Keyset keyset = Keyset.of(query, "x.id");
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>(keyset.params());
        addFilters(where, params, filter);
        where.add(keyset.where());
        params.putAll(hits.params());
        List<SortSpec.Field> fields = query.sort().fields();
        String direction = fields.getLast().descending() ? "desc nulls last" : "asc nulls last";
        // By relevance, the order is the hits' own id order (relevance is the same for all): the join with customer
        // is then a loop that stops at the page's end. Sorting by the constant as well would make PostgreSQL look up
        // every hit and sort them (measured: 10,000 hits, 100 ms warm, 3 s cold, against 8 ms).
        boolean byRelevance = fields.size() == 1 && fields.getFirst().name().equals("relevance");
        String sql = """
                with hits as (
                    select distinct p.customer_id as id, 1.0 as s
                    from (%s) p
                    order by 1 %s)
                select customer_state(c) as state, c.id as "k_id", %s
                from hits x join customer c on c.id = x.id
                where %s
                order by %s limit %d""".formatted(hits.sql(), direction, keyColumns(query), String.join(" and ", where),
                byRelevance ? "x.id " + direction : keyset.orderBy(), keyset.fetchLimit());
        return page(query, keyset, sql, params);
    }

    private static String keyColumns(PageQuery query) {
        List<String> keyColumns = new ArrayList<>();
        query.sort().fields().forEach(f -> keyColumns.add(f.column() + " as \"k_" + f.name() + "\""));
        return String.join(", ", keyColumns);
    }

    private void addFilters(List<String> where, Map<String, Object> params, Filter filter) {
        where.add("c.tenant_id = :tenant");
        where.add(filter.includeArchived() ? "c.status in ('ACTIVE', 'ARCHIVED')" : "c.status = 'ACTIVE'");
        params.put("tenant", TenantContext.require());
        addFilter(where, params, "c.lifecycle_stage = :stage", "stage", filter.lifecycleStage());
        addFilter(where, params, "c.tags @> array[cast(:tag as text)]", "tag", filter.tag());
        addFilter(where, params, "c.owner_id = :ownerId", "ownerId", filter.ownerId());
        addFilter(where, params, "c.type = :type", "type", filter.type());
        addFilter(where, params, "c.updated_at >= :updatedSince", "updatedSince", filter.updatedSince());
    }

    private CustomerPage page(PageQuery query, Keyset keyset, String sql, Map<String, Object> params) {
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
        if (trimmed.matches("[+(\\d][\\d\\s().\\-/]{4,}")) {
            return trimmed.replaceAll("\\D", "");
        }
        return trimmed;
    }
}
