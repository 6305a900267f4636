package dev.crmplatform.platform.web.paging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Keyset ("seek") pagination SQL for a {@link PageQuery}: a WHERE predicate positioned after the cursor, the ORDER BY
 * with the id as tie breaker, named parameters ({@code :ks0, :ks1, ...}) and the LIMIT to fetch (one extra row tells
 * whether a next page exists). New rows inserted while a client pages never shift or duplicate what it sees: the
 * position is a key, not an offset.
 *
 * <p>NULLs sort last in both directions, so nullable sort columns page correctly.
 *
 * <pre>{@code
 * Keyset ks = Keyset.of(query, "id");
 * List<Row> rows = jdbc.sql("select ... from customer where tenant_id = :tenant and " + ks.where()
 *         + " order by " + ks.orderBy() + " limit " + ks.fetchLimit())
 *     .param("tenant", tenant).params(ks.params()).query(...).list();
 * Page<Row> page = ks.page(rows, (row, field) -> switch (field) {
 *     case "name" -> row.name();
 *     default -> row.id(); // Keyset.ID
 * });
 * }</pre>
 */
public final class Keyset {

    /** The field name under which {@link #page} asks for the tie-breaking id. */
    public static final String ID = "id";

    private final PageQuery query;
    private final List<Key> keys;
    private final String where;
    private final String orderBy;
    private final Map<String, Object> params;

    private record Key(String field, String column, boolean descending) {
    }

    private Keyset(PageQuery query, List<Key> keys, String where, String orderBy, Map<String, Object> params) {
        this.query = query;
        this.keys = keys;
        this.where = where;
        this.orderBy = orderBy;
        this.params = params;
    }

    /**
     * @param idColumn the unique, non-null id column used as the final tie breaker (trusted SQL)
     */
    public static Keyset of(PageQuery query, String idColumn) {
        List<Key> keys = new ArrayList<>();
        for (SortSpec.Field field : query.sort().fields()) {
            keys.add(new Key(field.name(), field.column(), field.descending()));
        }
        Key last = keys.getLast();
        if (!last.column().equals(idColumn)) {
            keys.add(new Key(ID, idColumn, last.descending()));
        }

        StringBuilder orderBy = new StringBuilder();
        for (Key key : keys) {
            if (!orderBy.isEmpty()) {
                orderBy.append(", ");
            }
            orderBy.append(key.column()).append(key.descending() ? " DESC" : " ASC").append(" NULLS LAST");
        }

        Map<String, Object> params = new LinkedHashMap<>();
        String where = "TRUE";
        var cursor = query.decodedCursor();
        if (cursor.isPresent()) {
            List<Object> values = cursor.get().values();
            if (values.size() != keys.size() || values.getLast() == null) {
                throw Cursor.invalid("does not match this list");
            }
            where = predicate(keys, values, params);
        }
        return new Keyset(query, List.copyOf(keys), where, orderBy.toString(), Collections.unmodifiableMap(params));
    }

    // (k0 after v0) OR (k0 = v0 AND k1 after v1) OR ... where "after" honours direction and NULLS LAST.
    private static String predicate(List<Key> keys, List<Object> values, Map<String, Object> params) {
        List<String> disjuncts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Object value = values.get(i);
            String param = "ks" + i;
            if (value != null) {
                params.put(param, value);
            }
            if (value == null) {
                // Nothing sorts after NULL (NULLS LAST) except ties, which the later keys decide.
                continue;
            }
            List<String> conjuncts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                Key prior = keys.get(j);
                conjuncts.add(values.get(j) == null ? prior.column() + " IS NULL"
                        : prior.column() + " = :ks" + j);
            }
            Key key = keys.get(i);
            String op = key.descending() ? " < " : " > ";
            conjuncts.add("(" + key.column() + op + ":" + param + " OR " + key.column() + " IS NULL)");
            disjuncts.add("(" + String.join(" AND ", conjuncts) + ")");
        }
        return disjuncts.isEmpty() ? "FALSE" : "(" + String.join(" OR ", disjuncts) + ")";
    }

    /** SQL predicate selecting rows after the cursor ({@code TRUE} on the first page). */
    public String where() {
        return where;
    }

    /** SQL ORDER BY list (without the keywords). */
    public String orderBy() {
        return orderBy;
    }

    /** Named parameters used by {@link #where()}. */
    public Map<String, Object> params() {
        return params;
    }

    /** Rows to fetch: the page size plus one to detect a next page. */
    public int fetchLimit() {
        return query.limit() + 1;
    }

    public PageQuery query() {
        return query;
    }

    /**
     * Turns the fetched rows (at most {@link #fetchLimit()}, in {@link #orderBy()} order) into a page with the next
     * cursor.
     *
     * @param valueOf returns a row's value for a sort field name, or its id for {@link #ID}
     */
    public <T> Page<T> page(List<T> rows, BiFunction<? super T, String, Object> valueOf) {
        if (rows.size() <= query.limit()) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, query.limit());
        T last = items.getLast();
        List<Object> values = new ArrayList<>();
        for (Key key : keys) {
            values.add(valueOf.apply(last, key.field()));
        }
        return new Page<>(items, new Cursor(query.sort().signature(), values).encode());
    }
}
