package dev.crmplatform.gateway.apikey;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ApiKeyRepository {

    private static final String COLUMNS = """
            id, tenant_id, name, prefix, key_hash, environment, scopes, platform_admin, expires_at,
            rate_limit_per_minute, rate_limit_per_day, revoked_at, rotated_from_id, last_used_at,
            created_at, created_by, updated_at, updated_by, version""";

    public record NewKey(UUID id, UUID tenantId, String name, String prefix, byte[] keyHash, String environment,
            List<String> scopes, boolean platformAdmin, Instant expiresAt, Integer rateLimitPerMinute,
            Integer rateLimitPerDay, UUID rotatedFromId) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public ApiKeyRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** @return false when a key with the same hash exists already (only possible for the bootstrap key). */
    public boolean insert(NewKey k, String actor, Instant now) {
        int rows = jdbc.sql("""
                insert into api_keys (id, tenant_id, name, prefix, key_hash, environment, scopes, platform_admin,
                    expires_at, rate_limit_per_minute, rate_limit_per_day, rotated_from_id,
                    created_at, created_by, updated_at, updated_by, version)
                values (:id, :tenant, :name, :prefix, :hash, :env, :scopes, :platformAdmin, :expires, :perMinute,
                    :perDay, :rotatedFrom, :now, :actor, :now, :actor, 0)
                on conflict (key_hash) do nothing""")
                .param("id", k.id()).param("tenant", k.tenantId()).param("name", k.name())
                .param("prefix", k.prefix()).param("hash", k.keyHash()).param("env", k.environment())
                .param("scopes", k.scopes().toArray(String[]::new))
                .param("platformAdmin", k.platformAdmin()).param("expires", ts(k.expiresAt()))
                .param("perMinute", k.rateLimitPerMinute()).param("perDay", k.rateLimitPerDay())
                .param("rotatedFrom", k.rotatedFromId()).param("now", ts(now)).param("actor", actor)
                .update();
        return rows == 1;
    }

    public Optional<StoredApiKey> findByHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where key_hash = :hash").param("hash", hash)
                .query(ApiKeyRepository::map).optional();
    }

    public Optional<StoredApiKey> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where id = :id").param("id", id)
                .query(ApiKeyRepository::map).optional();
    }

    public Optional<StoredApiKey> lockById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where id = :id for update").param("id", id)
                .query(ApiKeyRepository::map).optional();
    }

    public List<StoredApiKey> page(UUID tenantId, boolean includeRevoked, UUID after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from api_keys
                where tenant_id = :tenant
                  and (:includeRevoked or revoked_at is null)
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit""")
                .param("tenant", tenantId).param("includeRevoked", includeRevoked).param("after", after)
                .param("limit", limit + 1)
                .query(ApiKeyRepository::map).list();
    }

    public void revoke(UUID id, String actor, Instant now) {
        jdbc.sql("""
                update api_keys set revoked_at = :now, revoked_by = :actor, updated_at = :now, updated_by = :actor,
                    version = version + 1
                where id = :id and revoked_at is null""")
                .param("id", id).param("now", ts(now)).param("actor", actor).update();
    }

    /** Shortens (never extends) the key's life: used for the rotation grace period. */
    public void expireNoLaterThan(UUID id, Instant deadline, String actor, Instant now) {
        jdbc.sql("""
                update api_keys set expires_at = least(coalesce(expires_at, :deadline), :deadline),
                    updated_at = :now, updated_by = :actor, version = version + 1
                where id = :id""")
                .param("id", id).param("deadline", ts(deadline)).param("now", ts(now)).param("actor", actor)
                .update();
    }

    /** Active bootstrap keys other than the given hash: the previous value of CRM_BOOTSTRAP_ADMIN_KEY. */
    public List<StoredApiKey> otherActiveBootstrapKeys(String name, byte[] currentHash) {
        return jdbc.sql("select " + COLUMNS + """
                 from api_keys
                where platform_admin and name = :name and revoked_at is null and key_hash <> :hash""")
                .param("name", name).param("hash", currentHash).query(ApiKeyRepository::map).list();
    }

    /** One batched statement per flush, never one write per request; greatest() keeps instances from racing back. */
    public void recordLastUsed(Map<UUID, Instant> lastUsed) {
        List<Object[]> args = lastUsed.entrySet().stream()
                .map(e -> new Object[] {Timestamp.from(e.getValue()), e.getKey()}).toList();
        jdbcTemplate.batchUpdate("""
                update api_keys set last_used_at = greatest(last_used_at, ?) where id = ?""", args);
    }

    private static StoredApiKey map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new StoredApiKey(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                HexFormat.of().formatHex(rs.getBytes("key_hash")),
                rs.getString("environment"),
                Arrays.asList((String[]) scopes.getArray()),
                rs.getBoolean("platform_admin"),
                instant(rs.getTimestamp("expires_at")),
                (Integer) rs.getObject("rate_limit_per_minute"),
                (Integer) rs.getObject("rate_limit_per_day"),
                instant(rs.getTimestamp("revoked_at")),
                rs.getObject("rotated_from_id", UUID.class),
                instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("created_at")),
                rs.getString("created_by"),
                instant(rs.getTimestamp("updated_at")),
                rs.getString("updated_by"),
                rs.getLong("version"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
