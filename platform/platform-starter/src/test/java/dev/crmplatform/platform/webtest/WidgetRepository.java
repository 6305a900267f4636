package dev.crmplatform.platform.webtest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.crmplatform.platform.web.paging.Keyset;

/**
 * Deliberately WITHOUT tenant filters in its queries: the tests prove RLS alone keeps tenants apart.
 */
@Repository
public class WidgetRepository {

    private final JdbcClient jdbc;

    public WidgetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, UUID tenant, CreateWidget w) {
        jdbc.sql("insert into widget (id, tenant_id, name, color, size) values (:id, :tenant, :name, :color, :size)")
                .param("id", id).param("tenant", tenant).param("name", w.name())
                .param("color", w.color() == null ? null : w.color().name()).param("size", w.size())
                .update();
    }

    public Optional<Widget> find(UUID id) {
        return jdbc.sql("select * from widget where id = :id").param("id", id).query(WidgetRepository::map)
                .optional();
    }

    public List<Widget> page(Keyset keyset) {
        return jdbc.sql("select * from widget where " + keyset.where() + " order by " + keyset.orderBy()
                + " limit " + keyset.fetchLimit()).params(keyset.params()).query(WidgetRepository::map).list();
    }

    public int updateName(UUID id, String name, long expectedVersion) {
        return jdbc.sql("update widget set name = :name, version = version + 1 where id = :id and version = :v")
                .param("name", name).param("id", id).param("v", expectedVersion).update();
    }

    public long count() {
        return jdbc.sql("select count(*) from widget").query(Long.class).single();
    }

    static Widget map(ResultSet rs, int row) throws SQLException {
        String color = rs.getString("color");
        return new Widget(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("name"), color == null ? null : Widget.Color.valueOf(color),
                (Integer) rs.getObject("size"), rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
