package dev.crmplatform.customer.dedupe;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Candidate lookup for duplicate detection. Every signal is a separate, bounded probe; only the union of their hits
 * is scored. Every query filters by tenant; row-level security backs it up.
 *
 * <p>Under the tenant policy only leakproof conditions (B-tree equality and ranges on text and uuid) can use an
 * index (V6, V7): exact emails and phones, company domains and address keys are probes of
 * {@code customer_contact_key} (V11); a name goes through the word dictionary {@code customer_search_word} (each
 * target word and its closest typos) and the posting lists of {@code customer_search_term}.
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
            c.id, c.status, customer_search_fold(c.display_name) as name, c.email_keys, c.phone_keys, c.email_domains,
            customer_address_keys(c.addresses) as address_keys""";

    /** At most this many words of a name are looked up (each costs a scan of the tenant's word dictionary). */
    static final int MAX_NAME_WORDS = 4;
    /** Typo candidates per name word, the most similar first. */
    static final int TYPO_CANDIDATES = 10;
    private static final Pattern APOSTROPHES = Pattern.compile("['’]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * Customers whose search terms contain, for all but one word of the target's name (its one word when it has
     * one), that word or one of its closest dictionary words (trigram similarity at least the threshold): the
     * customers whose names can score a name similarity, found through posting lists, most matching words first.
     */
    private static final String NAME_PROBE = """
            select c.id from (
                select h.id, h.matched from (
                select p.customer_id as id, count(distinct x.grp) as matched
                from (select w.grp, w.word as term
                      from unnest(cast(:words as text[])) with ordinality as w(word, grp)
                      union
                      select w.grp, t.term
                      from unnest(cast(:words as text[])) with ordinality as w(word, grp)
                      cross join lateral (
                          select d.word as term from customer_search_word d
                          where d.tenant_id = :tenant and d.word %% w.word
                          order by similarity(d.word, w.word) desc, d.word limit %d) t) x
                join customer_search_term p on p.tenant_id = :tenant and p.term = x.term
                group by p.customer_id) h
            where h.matched >= :wordsNeeded
            -- the most matching first; only those are looked up (a common name has ~10,000 postings per word)
            order by h.matched desc, h.id limit :scanLimit) m
            join customer c on c.id = m.id
            where c.tenant_id = :tenant and c.status in ('ACTIVE', 'ARCHIVED') and c.id <> :id
            order by m.matched desc, m.id""".formatted(TYPO_CANDIDATES);

    /**
     * Customers that may be duplicates (not merged or erased: those are tombstones; never the target itself) with one
     * of the given contact keys (V11): at most :scanLimit keys are read, so a domain that
     * thousands of customers share costs no more than a rare one.
     */
    private static final String KEY_PROBE = """
            select c.id
            from (select k.customer_id from customer_contact_key k
                  where k.tenant_id = :tenant and k.key = any(cast(:%s as text[])) limit :scanLimit) k
            join customer c on c.id = k.customer_id
            where c.tenant_id = :tenant and c.status in ('ACTIVE', 'ARCHIVED') and c.id <> :id""";

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
     * @param nameThreshold       trigram similarity of a dictionary word to a name word to count as its typo
     */
    public List<Candidate> candidates(UUID tenant, Keys target, List<String> emailDomains, double nameThreshold,
                                      int perSignal) {
        List<String> probes = new ArrayList<>();
        List<String> words = nameWords(target.name());
        if (!words.isEmpty()) {
            // the typo threshold of `%` on the dictionary, transaction-local (set_config ..., true)
            jdbc.sql("select set_config('pg_trgm.similarity_threshold', :threshold, true)")
                    .param("threshold", Double.toString(nameThreshold))
                    .query(String.class)
                    .single();
            probes.add(NAME_PROBE);
        }
        if (!target.emails().isEmpty()) {
            probes.add(KEY_PROBE.formatted("emails"));
        }
        if (!target.phones().isEmpty()) {
            probes.add(KEY_PROBE.formatted("phones"));
        }
        if (!emailDomains.isEmpty()) {
            probes.add(KEY_PROBE.formatted("domains"));
        }
        if (!target.addressKeys().isEmpty()) {
            probes.add(KEY_PROBE.formatted("addressKeys"));
        }
        if (probes.isEmpty()) {
            return List.of();
        }
        // "offset 0" keeps the planner from pushing the limit into a probe: with a limit it prefers a sequential scan
        // hoping to meet enough matches early, which at a million rows is far slower than the bitmap index scan.
        String union = String.join(" union ", probes.stream()
                .map(p -> "(select id from (" + p + " offset 0) probe limit :perSignal)").toList());
        return jdbc.sql("select " + KEYS + ", similarity(customer_search_fold(c.display_name), :name) as name_similarity"
                        + " from customer c where c.tenant_id = :tenant and c.id in (" + union + ")")
                .param("tenant", tenant)
                .param("id", target.id())
                .param("name", target.name() == null ? "" : target.name())
                .param("words", words.toArray(String[]::new))
                .param("wordsNeeded", Math.max(1, words.size() - 1))
                .param("emails", target.emails().toArray(String[]::new))
                .param("phones", target.phones().toArray(String[]::new))
                .param("domains", emailDomains.stream().map(d -> "@" + d).toArray(String[]::new))
                .param("addressKeys", target.addressKeys().toArray(String[]::new))
                .param("perSignal", perSignal)
                // a few more than kept: the target itself and merged or erased customers are dropped after the read
                .param("scanLimit", perSignal * 2 + 1)
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

    /** The words of a name as customer_search_terms() splits names (lower case, apostrophes dropped). */
    static List<String> nameWords(String name) {
        List<String> words = new ArrayList<>();
        if (name == null) {
            return words;
        }
        for (String w : SEPARATORS.split(APOSTROPHES.matcher(name.toLowerCase(Locale.ROOT)).replaceAll(""))) {
            if (!w.isEmpty() && !words.contains(w) && words.size() < MAX_NAME_WORDS) {
                words.add(w);
            }
        }
        return words;
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
