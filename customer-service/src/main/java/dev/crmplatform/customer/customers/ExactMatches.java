package dev.crmplatform.customer.customers;

import dev.crmplatform.platform.tenancy.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queries that name customers exactly rather than by words, all of whose matches are equally relevant: a phone
 * fragment (five digits or more: numbers containing them), four digits (numbers ending in them: a caller's last
 * four) and an email domain (everyone with an address there). Each gives a bounded query of matching customer ids
 * for CustomerSearch to page. Four digits and a domain fall back to the word search when no customer has them:
 * "Studio 1984", "janet.thom".
 */
@Component
class ExactMatches {

    /** At most this many matches count for one query (bounded work however common the digits or the domain). */
    static final int LIMIT = 10_000;

    /**
     * @param sql    selects {@code customer_id}s (repeats allowed) for the tenant {@code :tenant}
     * @param params its other parameters
     */
    record Hits(String sql, Map<String, Object> params) {
    }

    private final JdbcClient jdbc;

    ExactMatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The hits of a normalised query (CustomerSearch.normaliseQuery), or empty when it is for the word search. */
    Optional<Hits> of(String q) {
        if (SearchTerms.isPhoneFragment(q)) {
            // phone suffix terms (V6) starting with the digits: one range scan, in number order up to the limit
            String from = SearchTerms.PHONE_TERM_PREFIX + q;
            return Optional.of(new Hits("""
                    select customer_id from customer_search_term
                    where tenant_id = :tenant and term >= :from and term < :to
                    order by term limit %d""".formatted(LIMIT),
                    Map.of("from", from, "to", SearchTerms.prefixEnd(from))));
        }
        String domain = SearchTerms.emailDomain(q);
        if (domain != null && any("customer_contact_key", "key", List.of("@" + domain))) {
            // the domain's contact key (V11)
            return Optional.of(new Hits("""
                    select customer_id from customer_contact_key
                    where tenant_id = :tenant and key = :domainKey limit %d""".formatted(LIMIT),
                    Map.of("domainKey", "@" + domain)));
        }
        if (SearchTerms.isLastFourDigits(q)) {
            // a number's five-digit suffix term is its last four digits after any one digit: ten probes
            List<String> lastFour = lastFourTerms(q);
            if (any("customer_search_term", "term", lastFour)) {
                return Optional.of(new Hits("""
                        select customer_id from customer_search_term
                        where tenant_id = :tenant and term = any(cast(:lastFour as text[]))
                        limit %d""".formatted(LIMIT), Map.of("lastFour", lastFour.toArray(String[]::new))));
            }
        }
        return Optional.empty();
    }

    private static List<String> lastFourTerms(String digits) {
        List<String> terms = new ArrayList<>();
        for (char d = '0'; d <= '9'; d++) {
            terms.add(SearchTerms.PHONE_TERM_PREFIX + d + digits);
        }
        return terms;
    }

    /** Whether the tenant has any of these values in a (tenant_id, column) table: one index probe each. */
    private boolean any(String table, String column, List<String> values) {
        return jdbc.sql("select exists (select 1 from " + table + " where tenant_id = :tenant and " + column
                        + " = any(cast(:values as text[])))")
                .param("tenant", TenantContext.require()).param("values", values.toArray(String[]::new))
                .query(Boolean.class).single();
    }
}
