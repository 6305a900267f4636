package dev.crmplatform.gateway.idempotency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Persistence of the admin API's Idempotency-Key records in {@code idempotency_keys}; the same algorithm as the
 * platform's {@code IdempotencyStore}, keyed by {@link IdempotencyScope} instead of the tenant alone.
 *
 * <p>Every statement runs on its own (auto-commit), outside the business transaction: the key must be claimed before
 * the work starts and must stay claimed while it runs, which a shared transaction could not express. Time comes from
 * the database so all gateway instances agree on expiry.
 */
public class IdempotencyStore {

    private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final Duration inFlightTimeout;

    public IdempotencyStore(JdbcClient jdbc, Duration ttl, Duration inFlightTimeout) {
        this.jdbc = jdbc;
        this.ttl = ttl;
        this.inFlightTimeout = inFlightTimeout;
    }

    /** The outcome of trying to claim a key. */
    sealed interface Claim {
    }

    /** The key is ours: process the request, then {@link #complete} or {@link #release}. */
    record Acquired() implements Claim {
    }

    /** Same key, different request. */
    record Mismatch() implements Claim {
    }

    /** The first request with this key is still being processed. */
    record InFlight() implements Claim {
    }

    /**
     * The first request completed: replay its response. With {@code secretWithheld} the body (a one-time secret)
     * was never stored and {@code body} is null; only status and headers (Location) are known.
     */
    record Completed(int status, Map<String, List<String>> headers, byte[] body, boolean secretWithheld)
            implements Claim {
    }

    Claim claim(IdempotencyScope scope, String key, String requestHash) {
        // Few rounds suffice: each retry follows a concurrent delete of an expired or released row.
        for (int attempt = 0; attempt < 5; attempt++) {
            int inserted = jdbc.sql("""
                    insert into idempotency_keys
                        (tenant_id, principal, idem_key, request_hash, state, created_at, locked_until, expires_at)
                    values (:tenant, :principal, :key, :hash, 'IN_FLIGHT', now(),
                            now() + make_interval(secs => :lock), now() + make_interval(secs => :ttl))
                    on conflict (tenant_id, principal, idem_key) do nothing
                    """)
                    .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
                    .param("hash", requestHash)
                    .param("lock", (double) inFlightTimeout.toSeconds()).param("ttl", (double) ttl.toSeconds())
                    .update();
            if (inserted == 1) {
                return new Acquired();
            }
            Optional<Row> existing = jdbc.sql("""
                    select request_hash, state, response_status, response_headers::text as response_headers,
                           response_body, secret_withheld, expires_at < now() as expired,
                           locked_until < now() as abandoned
                      from idempotency_keys
                     where tenant_id = :tenant and principal = :principal and idem_key = :key
                    """)
                    .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
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
                jdbc.sql("""
                        delete from idempotency_keys
                         where tenant_id = :tenant and principal = :principal and idem_key = :key
                           and expires_at < now()
                        """)
                        .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
                        .update();
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
                int taken = jdbc.sql("""
                        update idempotency_keys set locked_until = now() + make_interval(secs => :lock)
                         where tenant_id = :tenant and principal = :principal and idem_key = :key
                           and state = 'IN_FLIGHT' and locked_until < now()
                        """)
                        .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
                        .param("lock", (double) inFlightTimeout.toSeconds())
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

    /**
     * Stores the outcome. {@code body} must be null when {@code secretWithheld}: a one-time secret never reaches
     * the database (the contract promises that only the key's hash is stored).
     */
    void complete(IdempotencyScope scope, String key, int status, Map<String, List<String>> headers, byte[] body,
            boolean secretWithheld) {
        if (secretWithheld && body != null) {
            throw new IllegalArgumentException("A withheld secret-bearing body must not be stored");
        }
        jdbc.sql("""
                update idempotency_keys
                   set state = 'COMPLETED', response_status = :status, response_headers = cast(:headers as jsonb),
                       response_body = :body, secret_withheld = :withheld, completed_at = now()
                 where tenant_id = :tenant and principal = :principal and idem_key = :key
                """)
                .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
                .param("status", status).param("headers", JsonMapper.shared().writeValueAsString(headers))
                .param("body", body).param("withheld", secretWithheld)
                .update();
    }

    /** Forgets an unfinished key so the client can retry (after a 5xx or an exception). */
    void release(IdempotencyScope scope, String key) {
        jdbc.sql("""
                delete from idempotency_keys
                 where tenant_id = :tenant and principal = :principal and idem_key = :key and state = 'IN_FLIGHT'
                """)
                .param("tenant", scope.tenant()).param("principal", scope.principal()).param("key", key)
                .update();
    }

    /** Deletes expired keys; returns how many. */
    public int purgeExpired() {
        return jdbc.sql("delete from idempotency_keys where expires_at < now()").update();
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
}
