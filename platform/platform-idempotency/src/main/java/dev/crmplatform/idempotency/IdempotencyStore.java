package dev.crmplatform.idempotency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persistence of Idempotency-Key records in a {@link KeyTable}; a key lives in a scope (the values of the table's
 * scope columns, e.g. the tenant) chosen by the caller.
 *
 * <p>Every statement runs on its own (auto-commit), outside the business transaction: the key must be claimed before
 * the work starts and must stay claimed while it runs, which a shared transaction could not express. Time comes from
 * the database so all instances agree on expiry.
 */
public class IdempotencyStore {

    private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final KeyTable table;
    private final Duration ttl;
    private final Duration inFlightTimeout;
    private final Statements sql;

    public IdempotencyStore(JdbcClient jdbc, KeyTable table, Duration ttl, Duration inFlightTimeout) {
        this.jdbc = jdbc;
        this.table = table;
        this.ttl = ttl;
        this.inFlightTimeout = inFlightTimeout;
        this.sql = Statements.of(table);
    }

    /** The outcome of trying to claim a key. */
    public sealed interface Claim {
    }

    /** The key is ours: process the request, then {@link #complete} or {@link #release}. */
    public record Acquired() implements Claim {
    }

    /** Same key, different request. */
    public record Mismatch() implements Claim {
    }

    /** The first request with this key is still being processed. */
    public record InFlight() implements Claim {
    }

    /**
     * The first request completed: replay its response. With {@code secretWithheld} the body (a one-time secret)
     * was never stored and {@code body} is null; only status and headers (Location) are known.
     */
    public record Completed(int status, Map<String, List<String>> headers, byte[] body, boolean secretWithheld)
            implements Claim {
    }

    /**
     * @param scope the value of each of the table's scope columns, by column name
     */
    public Claim claim(Map<String, ?> scope, String key, String requestHash) {
        checkScope(scope);
        // Few rounds suffice: each retry follows a concurrent delete of an expired or released row.
        for (int attempt = 0; attempt < 5; attempt++) {
            int inserted = bind(sql.insert(), scope, key).param("hash", requestHash)
                    .param("lock", (double) inFlightTimeout.toSeconds()).param("ttl", (double) ttl.toSeconds())
                    .update();
            if (inserted == 1) {
                return new Acquired();
            }
            Optional<Row> existing = bind(sql.select(), scope, key)
                    .query((rs, n) -> new Row(rs.getString("request_hash"), rs.getString("state"),
                            rs.getInt("response_status"), rs.getString("response_headers"),
                            rs.getBytes("response_body"), rs.getBoolean("secret_withheld"),
                            rs.getBoolean("expired"), rs.getBoolean("abandoned")))
                    .optional();
            if (existing.isEmpty()) {
                continue;
            }
            Row row = existing.get();
            if (row.expired()) {
                bind(sql.deleteExpired(), scope, key).update();
                continue;
            }
            if (!row.requestHash().equals(requestHash)) {
                return new Mismatch();
            }
            if ("COMPLETED".equals(row.state())) {
                return new Completed(row.status(), parseHeaders(row.headersJson()), row.body(),
                        row.secretWithheld());
            }
            if (row.abandoned()) {
                // The claimant died (or is far beyond any sane request time); let this request take over.
                int taken = bind(sql.takeOver(), scope, key).param("lock", (double) inFlightTimeout.toSeconds())
                        .update();
                if (taken == 1) {
                    return new Acquired();
                }
                continue;
            }
            return new InFlight();
        }
        return new InFlight();
    }

    /** Stores the outcome of a request whose body may be replayed. */
    public void complete(Map<String, ?> scope, String key, int status, Map<String, List<String>> headers,
            byte[] body) {
        complete(scope, key, status, headers, body, false);
    }

    /**
     * Stores the outcome. {@code body} must be null when {@code secretWithheld}: a one-time secret never reaches
     * the database (the gateway's contract promises that only an API key's hash is stored).
     */
    public void complete(Map<String, ?> scope, String key, int status, Map<String, List<String>> headers, byte[] body,
            boolean secretWithheld) {
        checkScope(scope);
        if (secretWithheld && body != null) {
            throw new IllegalArgumentException("A withheld secret-bearing body must not be stored");
        }
        if (secretWithheld && !table.secretWithheld()) {
            // Without the column a replay would return an empty body as if it were the response.
            throw new IllegalStateException(table.name() + " cannot record a withheld secret");
        }
        JdbcClient.StatementSpec update = bind(sql.complete(), scope, key).param("status", status)
                .param("headers", JsonMapper.shared().writeValueAsString(headers)).param("body", body);
        if (table.secretWithheld()) {
            update = update.param("withheld", secretWithheld);
        }
        update.update();
    }

    /** Forgets an unfinished key so the client can retry (after a 5xx or an exception). */
    public void release(Map<String, ?> scope, String key) {
        checkScope(scope);
        bind(sql.release(), scope, key).update();
    }

    /** Deletes expired keys; returns how many. */
    public int purgeExpired() {
        return jdbc.sql(sql.purge()).update();
    }

    private JdbcClient.StatementSpec bind(String statement, Map<String, ?> scope, String key) {
        JdbcClient.StatementSpec spec = jdbc.sql(statement).param("key", key);
        for (String column : table.scopeColumns()) {
            spec = spec.param(column, scope.get(column));
        }
        return spec;
    }

    private void checkScope(Map<String, ?> scope) {
        // A missing column would bind null and silently match nothing, so a mismatch is a programming error.
        if (!scope.keySet().equals(Set.copyOf(table.scopeColumns()))) {
            throw new IllegalArgumentException("Scope " + scope.keySet() + " does not match the scope columns "
                    + table.scopeColumns() + " of " + table.name());
        }
    }

    private static Map<String, List<String>> parseHeaders(String json) {
        if (json == null) {
            return Map.of();
        }
        return new LinkedHashMap<>(JsonMapper.shared().readValue(json, HEADERS));
    }

    private record Row(String requestHash, String state, int status, String headersJson, byte[] body,
            boolean secretWithheld, boolean expired, boolean abandoned) {
    }

    /** The SQL for one table, built once. Scope columns are bound as parameters named like the column. */
    private record Statements(String insert, String select, String deleteExpired, String takeOver, String complete,
            String release, String purge) {

        static Statements of(KeyTable table) {
            String t = table.name();
            String columns = String.join(", ", table.scopeColumns());
            String values = table.scopeColumns().stream().map(c -> ":" + c).collect(Collectors.joining(", "));
            String match = table.scopeColumns().stream().map(c -> c + " = :" + c)
                    .collect(Collectors.joining(" and ")) + " and idem_key = :key";
            String withheld = table.secretWithheld() ? "secret_withheld" : "false as secret_withheld";
            return new Statements(
                    "insert into " + t + " (" + columns + ", idem_key, request_hash, state, created_at, locked_until,"
                            + " expires_at) values (" + values + ", :key, :hash, 'IN_FLIGHT', now(),"
                            + " now() + make_interval(secs => :lock), now() + make_interval(secs => :ttl))"
                            + " on conflict (" + columns + ", idem_key) do nothing",
                    "select request_hash, state, response_status, response_headers::text as response_headers,"
                            + " response_body, " + withheld + ", expires_at < now() as expired,"
                            + " locked_until < now() as abandoned from " + t + " where " + match,
                    "delete from " + t + " where " + match + " and expires_at < now()",
                    "update " + t + " set locked_until = now() + make_interval(secs => :lock) where " + match
                            + " and state = 'IN_FLIGHT' and locked_until < now()",
                    "update " + t + " set state = 'COMPLETED', response_status = :status,"
                            + " response_headers = cast(:headers as jsonb), response_body = :body,"
                            + (table.secretWithheld() ? " secret_withheld = :withheld," : "")
                            + " completed_at = now() where " + match,
                    "delete from " + t + " where " + match + " and state = 'IN_FLIGHT'",
                    "delete from " + t + " where expires_at < now()");
        }
    }
}
