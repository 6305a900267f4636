package dev.crmplatform.customer.customers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns a free-text query into candidate search terms, one group per query word (V6__customer_search_terms.sql):
 * a word's candidates come from the tenant's dictionary of words ({@code customer_search_word}): the word itself,
 * the shortest words it is a prefix of, and the words most similar to it by trigrams (typos); an email-like word's
 * candidates are the email addresses it is a prefix of. Each candidate carries its similarity to the query word,
 * computed here once per candidate word. Words are compared with accents folded on both sides ("emil" finds
 * "Émile", V14). Phone-number fragments have no candidates: see {@link #isPhoneFragment}.
 */
@Component
public class SearchTerms {

    /** A candidate term for query word {@code group} (1-based) and its similarity to that word. */
    public record Candidate(int group, String term, BigDecimal score) {
    }

    /** At most this many query words are used; more add little and cost an intersection each. */
    static final int MAX_WORDS = 5;
    static final int PREFIX_CANDIDATES = 20;
    static final int TYPO_CANDIDATES = 10;
    static final int EMAIL_CANDIDATES = 100;
    /** Phone suffix terms start with this, then digits. */
    static final String PHONE_TERM_PREFIX = "#";
    /** A query of this many digits or more is a phone number fragment (CustomerSearch.normaliseQuery). */
    private static final Pattern PHONE_FRAGMENT = Pattern.compile("\\d{5,}");
    private static final Pattern LAST_FOUR_DIGITS = Pattern.compile("\\d{4}");
    /** Trigram similarity a dictionary word needs to count as a typo of a query word ("alcie" ~ "alice": 0.2). */
    static final String TYPO_THRESHOLD = "0.2";
    /**
     * Similarity a typo candidate needs when the query word is itself a known word: "janet" is meant, not "jack"
     * or "james" (0.2 each), whose customers would only add work and noise.
     */
    static final BigDecimal KNOWN_WORD_TYPO_THRESHOLD = new BigDecimal("0.5");

    private static final Pattern EMAIL_DOMAIN =
            Pattern.compile("@?((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+\\p{L}{2,})");
    private static final Pattern EMAIL_LIKE = Pattern.compile(".*(@|\\p{Alnum}\\.\\p{Alnum}).*");
    private static final Pattern APOSTROPHES = Pattern.compile("['’]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final String WORD_CANDIDATES = """
            select term,
                   case when term = :w then 1.0
                        when term >= :w and term < :wEnd then round(word_similarity(:w, term)::numeric, 6)
                        else round(similarity(:w, term)::numeric, 6) end as score
            from ((select word as term from customer_search_word
                   where tenant_id = :tenant and word >= :w and word < :wEnd
                   order by length(word), word limit %d)
                  union
                  (select word from customer_search_word
                   where :typos and tenant_id = :tenant and word %% :w
                   order by similarity(word, :w) desc, word limit %d)
                  union
                  (select term from customer_search_term where tenant_id = :tenant and term = :w limit 1)) c
            order by score desc, term""".formatted(PREFIX_CANDIDATES, TYPO_CANDIDATES);

    private static final String EMAIL_PREFIX_CANDIDATES = """
            select term, round(word_similarity(:w, term)::numeric, 6) as score
            from (select distinct term
                  from (select term from customer_search_term
                        where tenant_id = :tenant and term >= :w and term < :wEnd and position('@' in term) > 0
                        order by term limit %d) t) t
            order by score desc, term""".formatted(EMAIL_CANDIDATES);

    private final JdbcClient jdbc;

    public SearchTerms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The email domain a normalised query names ("acme.example", "@acme.example"), or null: one token of labels
     * separated by dots, the last one of letters only (a top-level domain), no local part.
     */
    static String emailDomain(String q) {
        Matcher m = EMAIL_DOMAIN.matcher(q);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Whether a normalised query is a phone number fragment, matched as a substring of numbers (CustomerSearch),
     * not through candidates: similarity of number fragments says little.
     */
    static boolean isPhoneFragment(String q) {
        return PHONE_FRAGMENT.matcher(q).matches();
    }

    /** Whether a normalised query is four digits: the last four of a phone number, or a word (CustomerSearch). */
    static boolean isLastFourDigits(String q) {
        return LAST_FOUR_DIGITS.matcher(q).matches();
    }

    /**
     * Candidate groups for a lower-cased query, one per query word; a group may be empty (that word matches
     * nothing). Empty when the query has no words.
     */
    public List<List<Candidate>> candidates(UUID tenant, String q) {
        String[] tokens = q.trim().split("\\s+");
        String[] folded = foldAndSetThreshold(tokens);
        List<List<Candidate>> groups = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (groups.size() >= MAX_WORDS) {
                break;
            }
            if (EMAIL_LIKE.matcher(token).matches()) {
                List<Candidate> emails = query(EMAIL_PREFIX_CANDIDATES, tenant, token, groups.size() + 1, false);
                if (!emails.isEmpty()) {
                    groups.add(emails);
                    continue;
                }
                // no address starts like this (a typo in it?): its words still match names and address words
            }
            for (String word : words(folded[i])) {
                if (groups.size() < MAX_WORDS) {
                    groups.add(known(word, query(WORD_CANDIDATES, tenant, word, groups.size() + 1, word.length() >= 3)));
                }
            }
        }
        return groups;
    }

    /**
     * The tokens as search terms store words (customer_search_fold: lower case, accents folded), and the typo
     * threshold of this transaction, in one round trip. Email addresses are matched as typed, words folded.
     */
    private String[] foldAndSetThreshold(String[] tokens) {
        return jdbc.sql("""
                        select set_config('pg_trgm.similarity_threshold', :threshold, true),
                               array(select customer_search_fold(t)
                                     from unnest(cast(:tokens as text[])) with ordinality u(t, i) order by i)""")
                .param("threshold", TYPO_THRESHOLD).param("tokens", tokens)
                .query((rs, n) -> (String[]) rs.getArray(2).getArray()).single();
    }

    /** For a word that is itself a term, only its prefix extensions and close typo candidates. */
    private static List<Candidate> known(String word, List<Candidate> candidates) {
        if (candidates.stream().noneMatch(c -> c.term().equals(word))) {
            return candidates;
        }
        return candidates.stream()
                .filter(c -> c.term().startsWith(word) || c.score().compareTo(KNOWN_WORD_TYPO_THRESHOLD) >= 0)
                .toList();
    }

    /** The words of a query token, split as customer_search_terms() splits names. */
    static List<String> words(String token) {
        List<String> words = new ArrayList<>();
        for (String w : SEPARATORS.split(APOSTROPHES.matcher(token.toLowerCase(Locale.ROOT)).replaceAll(""))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private List<Candidate> query(String sql, UUID tenant, String word, int group, boolean typos) {
        return jdbc.sql(sql)
                .param("tenant", tenant)
                .param("w", word)
                .param("wEnd", prefixEnd(word))
                .param("typos", typos)
                .query((rs, n) -> new Candidate(group, rs.getString("term"), rs.getBigDecimal("score")))
                .list();
    }

    /** The least string greater than every string starting with {@code prefix} (in code point order, collation C). */
    static String prefixEnd(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
    }
}
