package dev.crmplatform.customer.relationship;

import dev.crmplatform.platform.web.paging.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code customer_relationship}, always read from the point of view of one customer (the "viewer"): the
 * direction and the other party depend on which end the viewer is. Every query filters by tenant; row-level
 * security backs it up.
 */
@Repository
public class RelationshipRepository {

    /** A relationship seen from the viewer; {@code otherDisplayName} is the other end's current display name. */
    public record Row(UUID id, String type, UUID sourceId, UUID targetId, boolean outgoing, UUID otherCustomerId,
                      String otherDisplayName, String role, OffsetDateTime createdAt, String createdBy) {
    }

    /** Status of one end, locked so a concurrent merge or erasure cannot move it while we link to it. */
    public record End(UUID id, String status) {
    }

    // The select list seen from :viewer; joined to the other end for its display name.
    private static final String SELECT = """
            select r.id, r.type, r.from_customer_id, r.to_customer_id, r.from_customer_id = :viewer as outgoing,
                   o.id as other_id, o.display_name as other_name, r.note, r.created_at, r.created_by
            from customer_relationship r
            join customer o on o.tenant_id = r.tenant_id
                 and o.id = case when r.from_customer_id = :viewer then r.to_customer_id else r.from_customer_id end
            """;

    private final JdbcClient jdbc;

    public RelationshipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Share-locks both customers in id order and returns their statuses (missing ids are absent). A merge takes
     * {@code FOR UPDATE} on its two customers, so a link is never added to a customer that a running merge is
     * about to mark merged; the fixed order keeps two such transactions from deadlocking.
     */
    public List<End> lockEnds(UUID tenant, UUID a, UUID b) {
        return jdbc.sql("""
                        select id, status from customer
                        where tenant_id = :tenant and id in (:a, :b)
                        order by id
                        for share""")
                .param("tenant", tenant)
                .param("a", a)
                .param("b", b)
                .query((rs, n) -> new End(rs.getObject("id", UUID.class), rs.getString("status")))
                .list();
    }

    public boolean customerExists(UUID tenant, UUID id) {
        return jdbc.sql("select exists (select 1 from customer where tenant_id = :tenant and id = :id)")
                .param("tenant", tenant)
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    /** Inserts the link unless the same (source, type, target) exists; empty in that case. */
    public Optional<UUID> insert(UUID tenant, UUID id, UUID source, UUID target, String type, String role,
                                 String actor) {
        return jdbc.sql("""
                        insert into customer_relationship (id, tenant_id, from_customer_id, to_customer_id, type, note,
                            created_by, updated_by)
                        values (:id, :tenant, :source, :target, :type, :role, :actor, :actor)
                        on conflict (tenant_id, from_customer_id, to_customer_id, type) do nothing
                        returning id""")
                .param("id", id)
                .param("tenant", tenant)
                .param("source", source)
                .param("target", target)
                .param("type", type)
                .param("role", role)
                .param("actor", actor)
                .query(UUID.class)
                .optional();
    }

    public Optional<UUID> findId(UUID tenant, UUID source, UUID target, String type) {
        return jdbc.sql("""
                        select id from customer_relationship
                        where tenant_id = :tenant and from_customer_id = :source and to_customer_id = :target
                          and type = :type""")
                .param("tenant", tenant)
                .param("source", source)
                .param("target", target)
                .param("type", type)
                .query(UUID.class)
                .optional();
    }

    /** The relationship, if the viewer is one of its ends. */
    public Optional<Row> find(UUID tenant, UUID viewer, UUID relationshipId) {
        return jdbc.sql(SELECT + """
                        where r.tenant_id = :tenant and r.id = :rid
                          and (r.from_customer_id = :viewer or r.to_customer_id = :viewer)""")
                .param("tenant", tenant)
                .param("viewer", viewer)
                .param("rid", relationshipId)
                .query(RelationshipRepository::row)
                .optional();
    }

    public void delete(UUID tenant, UUID relationshipId) {
        jdbc.sql("delete from customer_relationship where tenant_id = :tenant and id = :rid")
                .param("tenant", tenant)
                .param("rid", relationshipId)
                .update();
    }

    /**
     * One page of the viewer's relationships in both directions (or one, when {@code outgoing} is set), in keyset
     * order. The two directions are separate index scans (from / to) joined by UNION ALL; a relationship never
     * appears twice because self-links are impossible.
     */
    public List<Row> page(UUID tenant, UUID viewer, String type, Boolean outgoing, Keyset keyset) {
        String typeFilter = type == null ? "" : " and r.type = :type";
        String outgoingPart = SELECT + " where r.tenant_id = :tenant and r.from_customer_id = :viewer" + typeFilter;
        String incomingPart = SELECT + " where r.tenant_id = :tenant and r.to_customer_id = :viewer" + typeFilter;
        String union = outgoing == null ? outgoingPart + " union all " + incomingPart
                : outgoing ? outgoingPart : incomingPart;
        var spec = jdbc.sql("select * from (" + union + ") r where " + keyset.where()
                        + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant)
                .param("viewer", viewer)
                .params(keyset.params());
        if (type != null) {
            spec = spec.param("type", type);
        }
        return spec.query(RelationshipRepository::row).list();
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("type"),
                rs.getObject("from_customer_id", UUID.class), rs.getObject("to_customer_id", UUID.class),
                rs.getBoolean("outgoing"), rs.getObject("other_id", UUID.class), rs.getString("other_name"),
                rs.getString("note"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"));
    }
}
