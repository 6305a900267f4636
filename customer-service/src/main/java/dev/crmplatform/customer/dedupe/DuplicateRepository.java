package dev.crmplatform.customer.dedupe;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Candidate lookup for duplicate detection. Every signal is a separate, bounded index probe (trigram GIN on
 * search_text, GIN on email_keys / phone_keys / email_domains / customer_address_keys(addresses)); only the union of
 * their hits is scored. Every query filters by tenant; row-level security backs it up.
 */
@Repository
public class DuplicateRepository {

    /** The match keys of one customer as stored. */
    public record Keys(UUID id, String status, String name, List<String> emails, List<String> phones,
                       List<String> emailDomains, List<String> addressKeys) {
    }

    /** A candidate with its match keys and the similarity of its name to the target's. */
    public record Candidate(Keys keys, double nameSimilarity) {
    }

    private static final String KEYS = """
            c.id, c.status, lower(c.display_name) as name, c.email_keys, c.phone_keys, c.email_domains,
            customer_address_keys(c.addresses) as address_keys""";

    // Customers that may be duplicates: not merged or erased (those are tombstones), never the target itself.
    private static final String ELIGIBLE = """
            select id from customer
            where tenant_id = :tenant and status in ('ACTIVE', 'ARCHIVED') and id <> :id""";

    private final JdbcClient jdbc;

    public DuplicateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Keys> findKeys(UUID tenant, UUID id) {
        return jdbc.sql("select " + KEYS + " from customer c where c.tenant_id = :tenant and c.id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(DuplicateRepository::keys)
                .optional();
    }

    /**
     * Candidates sharing a signal with the target, each signal limited to {@code perSignal} hits.
     *
     * @param emailDomains        the target's domains without free-mail ones
     * @param nameThreshold       word similarity the target's name needs within a candidate's search text
     */
    public List<Candidate> candidates(UUID tenant, Keys target, List<String> emailDomains, double nameThreshold,
                                      int perSignal) {
        List<String> probes = new ArrayList<>();
        if (target.name() != null && !target.name().isBlank()) {
            // `<%` is word_similarity(:name, search_text) >= pg_trgm.word_similarity_threshold, answered by the
            // trigram GIN index customer_search_trgm_idx; the threshold is transaction-local (set_config ..., true).
            jdbc.sql("select set_config('pg_trgm.word_similarity_threshold', :threshold, true)")
                    .param("threshold", Double.toString(nameThreshold))
                    .query(String.class)
                    .single();
            probes.add(ELIGIBLE + " and :name <% search_text");
        }
        if (!target.emails().isEmpty()) {
            probes.add(ELIGIBLE + " and email_keys && cast(:emails as text[])");
        }
        if (!target.phones().isEmpty()) {
            probes.add(ELIGIBLE + " and phone_keys && cast(:phones as text[])");
        }
        if (!emailDomains.isEmpty()) {
            probes.add(ELIGIBLE + " and email_domains && cast(:domains as text[])");
        }
        if (!target.addressKeys().isEmpty()) {
            probes.add(ELIGIBLE + " and customer_address_keys(addresses) && cast(:addressKeys as text[])");
        }
        if (probes.isEmpty()) {
            return List.of();
        }
        // "offset 0" keeps the planner from pushing the limit into a probe: with a limit it prefers a sequential scan
        // hoping to meet enough matches early, which at a million rows is far slower than the bitmap index scan.
        String union = String.join(" union ", probes.stream()
                .map(p -> "(select id from (" + p + " offset 0) probe limit :perSignal)").toList());
        return jdbc.sql("select " + KEYS + ", similarity(lower(c.display_name), :name) as name_similarity"
                        + " from customer c where c.tenant_id = :tenant and c.id in (" + union + ")")
                .param("tenant", tenant)
                .param("id", target.id())
                .param("name", target.name() == null ? "" : target.name())
                .param("emails", target.emails().toArray(String[]::new))
                .param("phones", target.phones().toArray(String[]::new))
                .param("domains", emailDomains.toArray(String[]::new))
                .param("addressKeys", target.addressKeys().toArray(String[]::new))
                .param("perSignal", perSignal)
                .query((rs, n) -> new Candidate(keys(rs, n), rs.getDouble("name_similarity")))
                .list();
    }

    /** API states of the given customers, by id; only the few top candidates need one. */
    public Map<UUID, String> states(UUID tenant, List<UUID> ids) {
        Map<UUID, String> states = new HashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        jdbc.sql("select c.id, customer_state(c) as state from customer c"
                        + " where c.tenant_id = :tenant and c.id = any(cast(:ids as uuid[]))")
                .param("tenant", tenant)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> states.put(rs.getObject("id", UUID.class), rs.getString("state")))
                .list();
        return states;
    }

    private static Keys keys(ResultSet rs, int rowNum) throws SQLException {
        return new Keys(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("name"),
                strings(rs.getArray("email_keys")), strings(rs.getArray("phone_keys")),
                strings(rs.getArray("email_domains")), strings(rs.getArray("address_keys")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
