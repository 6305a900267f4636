package dev.crmplatform.customer.interaction;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A customer's timeline. Every query filters by tenant; row-level security backs it up. */
@Repository
public class InteractionRepository {

    private static final String COLUMNS = "id, customer_id, type, occurred_at, actor, summary, created_at";

    private final JdbcClient jdbc;

    public InteractionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public InteractionRecord insert(UUID tenant, InteractionRecord interaction) {
        return jdbc.sql("""
                        insert into customer_interaction (id, tenant_id, customer_id, type, occurred_at, actor, summary,
                            created_by, updated_by)
                        values (:id, :tenant, :customer, :type, :occurredAt, :actor, :summary, :actor, :actor)
                        returning\s""" + COLUMNS)
                .param("id", interaction.id())
                .param("tenant", tenant)
                .param("customer", interaction.customerId())
                .param("type", interaction.type())
                .param("occurredAt", OffsetDateTime.ofInstant(interaction.occurredAt(), ZoneOffset.UTC))
                .param("actor", interaction.actor())
                .param("summary", interaction.summary())
                .query(InteractionRepository::row)
                .single();
    }

    public Optional<InteractionRecord> find(UUID tenant, UUID customerId, UUID id) {
        return jdbc.sql("select " + COLUMNS + """
                         from customer_interaction
                        where tenant_id = :tenant and customer_id = :customer and id = :id""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("id", id)
                .query(InteractionRepository::row)
                .optional();
    }

    /**
     * One page of the timeline, newest first by (occurred_at, id): keyset pagination, so interactions logged while a
     * client pages never shift or duplicate what it sees.
     */
    public Page<InteractionRecord> page(UUID tenant, UUID customerId, String type, PageQuery query) {
        Keyset keyset = Keyset.of(query, "id");
        List<InteractionRecord> rows = jdbc.sql("select " + COLUMNS + """
                         from customer_interaction
                        where tenant_id = :tenant and customer_id = :customer
                          and (cast(:type as text) is null or type = :type)
                          and\s""" + keyset.where() + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant)
                .param("customer", customerId)
                .param("type", type)
                .params(keyset.params())
                .query(InteractionRepository::row)
                .list();
        return keyset.page(rows, (row, field) -> Keyset.ID.equals(field) ? row.id() : row.occurredAt());
    }

    /** The whole timeline, newest first, for the privacy export. */
    public List<InteractionRecord> all(UUID tenant, UUID customerId) {
        return jdbc.sql("select " + COLUMNS + """
                         from customer_interaction
                        where tenant_id = :tenant and customer_id = :customer
                        order by occurred_at desc, id desc""")
                .param("tenant", tenant)
                .param("customer", customerId)
                .query(InteractionRepository::row)
                .list();
    }

    private static InteractionRecord row(ResultSet rs, int row) throws SQLException {
        return new InteractionRecord(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("type"), instant(rs, "occurred_at"), rs.getString("actor"), rs.getString("summary"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    public record InteractionRecord(UUID id, UUID customerId, String type, Instant occurredAt, String actor,
                                    String summary, Instant createdAt) {
    }
}
