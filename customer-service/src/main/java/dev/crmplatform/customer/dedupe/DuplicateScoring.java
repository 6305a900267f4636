package dev.crmplatform.customer.dedupe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The duplicate score of a candidate: the sum of its reasons' contributions, capped at 1.
 *
 * <pre>
 * SAME_EMAIL         0.60  a normalised email address in common
 * SAME_PHONE         0.50  an E.164 number in common
 * NAME_SIMILARITY    0.60 x trigram similarity of the display names (only from nameMinSimilarity up)
 * SAME_ADDRESS       0.30  same line1 + city (+ country); 0.15 for only the same postal code + country
 * SAME_EMAIL_DOMAIN  0.20  a company email domain in common (free-mail domains never count), unless a shared
 *                          email of that domain already counts
 * </pre>
 *
 * So the same name alone scores 0.6, a one-letter typo in a two-word name about 0.36, the same name plus the same
 * phone 1.0, and a colleague at the same company (different name) 0.2, below the default minScore of 0.3.
 */
public final class DuplicateScoring {

    static final double EMAIL = 0.6;
    static final double PHONE = 0.5;
    static final double NAME = 0.6;
    static final double STREET = 0.3;
    static final double POSTAL_CODE = 0.15;
    static final double DOMAIN = 0.2;

    /** What a customer is compared by; free-mail domains are already removed from {@code emailDomains}. */
    public record Signals(Collection<String> emails, Collection<String> phones, Collection<String> emailDomains,
                          Collection<String> addressKeys) {
    }

    public record Reason(String type, double score, String detail) {
    }

    public record Score(double score, List<Reason> reasons) {
    }

    private DuplicateScoring() {
    }

    /**
     * @param nameSimilarity    pg_trgm similarity of the two lower-cased display names, 0..1
     * @param nameMinSimilarity below this, names are considered unrelated
     */
    public static Score score(Signals target, Signals candidate, double nameSimilarity, double nameMinSimilarity) {
        List<Reason> reasons = new ArrayList<>();
        Set<String> sharedEmails = intersection(target.emails(), candidate.emails());
        if (!sharedEmails.isEmpty()) {
            reasons.add(new Reason("SAME_EMAIL", EMAIL, String.join(", ", sharedEmails)));
        }
        Set<String> sharedPhones = intersection(target.phones(), candidate.phones());
        if (!sharedPhones.isEmpty()) {
            reasons.add(new Reason("SAME_PHONE", PHONE, String.join(", ", sharedPhones)));
        }
        if (nameSimilarity >= nameMinSimilarity && nameSimilarity > 0) {
            reasons.add(new Reason("NAME_SIMILARITY", round(NAME * Math.min(1, nameSimilarity)),
                    "name similarity " + round(nameSimilarity)));
        }
        Set<String> sharedKeys = intersection(target.addressKeys(), candidate.addressKeys());
        if (sharedKeys.stream().anyMatch(k -> k.startsWith("st:"))) {
            reasons.add(new Reason("SAME_ADDRESS", STREET, "same street address and city"));
        } else if (sharedKeys.stream().anyMatch(k -> k.startsWith("pc:"))) {
            reasons.add(new Reason("SAME_ADDRESS", POSTAL_CODE, "same postal code and country"));
        }
        Set<String> sharedDomains = intersection(target.emailDomains(), candidate.emailDomains());
        sharedDomains.removeIf(domain -> sharedEmails.stream().anyMatch(e -> e.endsWith("@" + domain)));
        if (!sharedDomains.isEmpty()) {
            reasons.add(new Reason("SAME_EMAIL_DOMAIN", DOMAIN, String.join(", ", sharedDomains)));
        }
        double total = Math.min(1.0, reasons.stream().mapToDouble(Reason::score).sum());
        return new Score(round(total), List.copyOf(reasons));
    }

    private static Set<String> intersection(Collection<String> a, Collection<String> b) {
        Set<String> shared = new TreeSet<>(a);
        shared.retainAll(Set.copyOf(b));
        return shared;
    }

    static double round(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }
}
