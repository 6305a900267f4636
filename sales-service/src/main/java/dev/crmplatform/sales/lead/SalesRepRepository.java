package dev.crmplatform.sales.lead;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenant's sales reps, and the atomic choice of the next rep for a lead. */
@Repository
public class SalesRepRepository {

    private static final String COLUMNS = """
            user_id, display_name, active, countries, industries, assigned_count, last_assigned_at, version""";

    private final JdbcClient jdbc;

    public SalesRepRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record SalesRepRow(String userId, String displayName, boolean active, List<String> countries,
                              List<String> industries, long assignedCount, OffsetDateTime lastAssignedAt,
                              long version) {
    }

    /** Which reps a choice is made among. */
    public sealed interface Candidates {
        record Named(List<String> userIds) implements Candidates { }
        record CoveringCountry(String country) implements Candidates { }
        record CoveringIndustry(String industry) implements Candidates { }
        record All() implements Candidates { }
    }

    public List<SalesRepRow> list(UUID tenant) {
        return jdbc.sql("select " + COLUMNS + " from sales_rep where tenant_id = :tenant order by user_id")
                .param("tenant", tenant).query(SalesRepRepository::row).list();
    }

    public Optional<SalesRepRow> find(UUID tenant, String userId) {
        return jdbc.sql("select " + COLUMNS + " from sales_rep where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenant).param("user", userId).query(SalesRepRepository::row).optional();
    }

    public Optional<SalesRepRow> lock(UUID tenant, String userId) {
        return jdbc.sql("select " + COLUMNS + " from sales_rep where tenant_id = :tenant and user_id = :user for update")
                .param("tenant", tenant).param("user", userId).query(SalesRepRepository::row).optional();
    }

    /**
     * Inserts a rep. It starts at the lowest assignment count among the tenant's active reps, so it does not get
     * every new lead until it has caught up with the others. Returns empty when the rep exists already.
     */
    public Optional<SalesRepRow> insert(UUID tenant, String userId, String displayName, boolean active,
                                        List<String> countries, List<String> industries, String actor) {
        return jdbc.sql("""
                        insert into sales_rep (tenant_id, user_id, display_name, active, countries, industries,
                                               assigned_count, created_by, updated_by)
                        values (:tenant, :user, :name, :active, :countries, :industries,
                                coalesce((select min(assigned_count) from sales_rep
                                          where tenant_id = :tenant and active), 0),
                                :actor, :actor)
                        on conflict (tenant_id, user_id) do nothing
                        returning\s""" + COLUMNS)
                .param("tenant", tenant).param("user", userId).param("name", displayName).param("active", active)
                .param("countries", countries.toArray(String[]::new))
                .param("industries", industries.toArray(String[]::new))
                .param("actor", actor)
                .query(SalesRepRepository::row).optional();
    }

    /** Replaces a rep's settings; a reactivated rep catches up to the lowest count of the active reps. */
    public SalesRepRow update(UUID tenant, String userId, String displayName, boolean active, List<String> countries,
                              List<String> industries, String actor) {
        return jdbc.sql("""
                        update sales_rep r set display_name = :name, active = :active, countries = :countries,
                            industries = :industries,
                            assigned_count = case when :active and not r.active
                                then greatest(r.assigned_count, coalesce((select min(o.assigned_count) from sales_rep o
                                     where o.tenant_id = :tenant and o.active), 0))
                                else r.assigned_count end,
                            updated_at = now(), updated_by = :actor, version = r.version + 1
                        where r.tenant_id = :tenant and r.user_id = :user
                        returning\s""" + COLUMNS.replace("user_id", "r.user_id"))
                .param("tenant", tenant).param("user", userId).param("name", displayName).param("active", active)
                .param("countries", countries.toArray(String[]::new))
                .param("industries", industries.toArray(String[]::new))
                .param("actor", actor)
                .query(SalesRepRepository::row).single();
    }

    /**
     * Chooses the least-assigned active rep among the candidates and counts the assignment, in ONE statement: the
     * candidates are locked in a fixed order (user id, so concurrent choosers cannot deadlock) and, after any wait,
     * their counts are the latest committed ones, so concurrent creates never pick the same "least" rep twice. The
     * locks are held until the caller's transaction (the lead insert) commits. Empty when there is no candidate.
     */
    public Optional<String> chooseAndCount(UUID tenant, Candidates candidates) {
        String filter;
        var statement = switch (candidates) {
            case Candidates.Named named -> {
                filter = "user_id = any(:users)";
                yield jdbc.sql(chooseSql(filter)).param("users", named.userIds().toArray(String[]::new));
            }
            case Candidates.CoveringCountry c -> {
                filter = "countries @> array[cast(:country as text)]";
                yield jdbc.sql(chooseSql(filter)).param("country", c.country());
            }
            case Candidates.CoveringIndustry c -> {
                filter = "industries @> array[cast(:industry as text)]";
                yield jdbc.sql(chooseSql(filter)).param("industry", c.industry());
            }
            case Candidates.All all -> {
                filter = "true";
                yield jdbc.sql(chooseSql(filter));
            }
        };
        return statement.param("tenant", tenant).query(String.class).optional();
    }

    private static String chooseSql(String filter) {
        return """
                with locked as (
                    select user_id, assigned_count, last_assigned_at from sales_rep
                    where tenant_id = :tenant and active and %s
                    order by user_id
                    for update
                ), chosen as (
                    select user_id from locked
                    order by assigned_count, last_assigned_at nulls first, user_id
                    limit 1
                )
                update sales_rep r set assigned_count = r.assigned_count + 1, last_assigned_at = clock_timestamp()
                from chosen
                where r.tenant_id = :tenant and r.user_id = chosen.user_id
                returning r.user_id""".formatted(filter);
    }

    private static SalesRepRow row(ResultSet rs, int n) throws SQLException {
        return new SalesRepRow(rs.getString("user_id"), rs.getString("display_name"), rs.getBoolean("active"),
                strings(rs.getArray("countries")), strings(rs.getArray("industries")), rs.getLong("assigned_count"),
                rs.getObject("last_assigned_at", OffsetDateTime.class), rs.getLong("version"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
