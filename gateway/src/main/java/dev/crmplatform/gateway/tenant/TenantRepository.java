package dev.crmplatform.gateway.tenant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class TenantRepository {

    private final JdbcClient jdbc;

    public TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String name, String actor, Instant now) {
        jdbc.sql("""
                insert into tenants (id, name, created_at, created_by, updated_at, updated_by, version)
                values (:id, :name, :now, :actor, :now, :actor, 0)""")
                .param("id", id).param("name", name).param("now", Timestamp.from(now)).param("actor", actor)
                .update();
    }

    public Optional<Tenant> find(UUID id) {
        return jdbc.sql("select id, name, created_at from tenants where id = :id").param("id", id)
                .query((rs, n) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    public boolean exists(UUID id) {
        return jdbc.sql("select exists(select 1 from tenants where id = :id)").param("id", id)
                .query(Boolean.class).single();
    }

    /** Keyset page ordered by id (UUIDv7, so creation order); fetches limit + 1 to know if there is more. */
    public List<Tenant> page(UUID after, int limit) {
        return jdbc.sql("""
                select id, name, created_at from tenants
                where (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit""")
                .param("after", after).param("limit", limit + 1)
                .query((rs, n) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
