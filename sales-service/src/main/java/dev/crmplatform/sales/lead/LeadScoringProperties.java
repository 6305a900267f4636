package dev.crmplatform.sales.lead;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Weights of the rule-based lead score ({@code crm.sales.leads.scoring}). The score is the sum of the points of the
 * matching rules, clamped to 0..100.
 *
 * @param companySize   fit: bands of company size (employees); the first band containing the size counts
 * @param industries    fit: points per industry (e.g. {@code MANUFACTURING: 15})
 * @param titleKeywords fit: points per job-title keyword or phrase (case-insensitive, whole words); the best matching
 *                      keyword counts
 * @param sources       engagement: points per lead source (e.g. {@code REFERRAL: 20})
 * @param engagement    engagement: points per marketing engagement signal (e.g. {@code email-clicked: 5}); the hook for
 *                      marketing events, each signal counts once
 */
@ConfigurationProperties("crm.sales.leads.scoring")
public record LeadScoringProperties(
        @DefaultValue List<SizeBand> companySize,
        @DefaultValue Map<String, Integer> industries,
        @DefaultValue Map<String, Integer> titleKeywords,
        @DefaultValue Map<String, Integer> sources,
        @DefaultValue Map<String, Integer> engagement) {

    public LeadScoringProperties {
        companySize = List.copyOf(companySize);
        industries = upper(industries);
        sources = upper(sources);
        Map<String, Integer> keywords = new TreeMap<>();
        titleKeywords.forEach((k, v) -> keywords.put(k.strip().toLowerCase(Locale.ROOT), v));
        titleKeywords = Map.copyOf(keywords);
        engagement = Map.copyOf(engagement);
        for (SizeBand band : companySize) {
            if (band.max() != null && band.max() < band.min()) {
                throw new IllegalArgumentException("crm.sales.leads.scoring.company-size: max < min in " + band);
            }
        }
    }

    /**
     * @param min    smallest size in the band (inclusive)
     * @param max    largest size in the band (inclusive); null for no upper bound
     * @param points points for a company in the band
     */
    public record SizeBand(int min, Integer max, int points) {

        boolean contains(int size) {
            return size >= min && (max == null || size <= max);
        }

        String label() {
            return max == null ? min + "+" : min + "-" + max;
        }
    }

    private static Map<String, Integer> upper(Map<String, Integer> map) {
        Map<String, Integer> result = new TreeMap<>();
        map.forEach((k, v) -> result.put(k.strip().toUpperCase(Locale.ROOT), v));
        return Map.copyOf(result);
    }
}
