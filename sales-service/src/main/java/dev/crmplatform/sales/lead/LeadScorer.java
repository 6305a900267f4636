package dev.crmplatform.sales.lead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Rule-based lead score, 0..100, with the rules that contributed. Fit: company size, industry, title keywords.
 * Engagement: source, plus marketing engagement signals (a hook: none are fed yet). Weights are configuration
 * ({@link LeadScoringProperties}); a rule with 0 points is left out of the explanation.
 */
@Component
public class LeadScorer {

    public static final int MAX = 100;

    private final LeadScoringProperties weights;

    public LeadScorer(LeadScoringProperties weights) {
        this.weights = weights;
    }

    /** What the score is computed from. Enum-like values are their names; all may be null. */
    public record Facts(Integer companySize, String industry, String title, String source) {
    }

    public record Contribution(String rule, int points) {
    }

    public record Score(int value, List<Contribution> explanation) {

        public Score {
            explanation = List.copyOf(explanation);
        }
    }

    public Score score(Facts facts) {
        return score(facts, List.of());
    }

    /** @param engagementSignals marketing engagement signals of the lead (e.g. {@code email-clicked}) */
    public Score score(Facts facts, Collection<String> engagementSignals) {
        List<Contribution> contributions = new ArrayList<>();
        if (facts.companySize() != null) {
            weights.companySize().stream()
                    .filter(band -> band.contains(facts.companySize()))
                    .findFirst()
                    .ifPresent(band -> add(contributions, "companySize:" + band.label(), band.points()));
        }
        if (facts.industry() != null) {
            String industry = facts.industry().toUpperCase(Locale.ROOT);
            add(contributions, "industry:" + industry, weights.industries().getOrDefault(industry, 0));
        }
        bestTitleKeyword(facts.title()).ifPresent(keyword ->
                add(contributions, "title:" + keyword.getKey(), keyword.getValue()));
        if (facts.source() != null) {
            String source = facts.source().toUpperCase(Locale.ROOT);
            add(contributions, "source:" + source, weights.sources().getOrDefault(source, 0));
        }
        for (String signal : new LinkedHashSet<>(engagementSignals)) {
            add(contributions, "engagement:" + signal, weights.engagement().getOrDefault(signal, 0));
        }
        int sum = contributions.stream().mapToInt(Contribution::points).sum();
        return new Score(Math.clamp(sum, 0, MAX), contributions);
    }

    private java.util.Optional<Map.Entry<String, Integer>> bestTitleKeyword(String title) {
        if (title == null || title.isBlank()) {
            return java.util.Optional.empty();
        }
        String words = " " + title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip() + " ";
        return weights.titleKeywords().entrySet().stream()
                .filter(keyword -> words.contains(" " + keyword.getKey() + " "))
                // the best keyword; among equals the alphabetically first, so the explanation is stable
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.<String, Integer>comparingByKey().reversed()));
    }

    private static void add(List<Contribution> contributions, String rule, int points) {
        if (points != 0) {
            contributions.add(new Contribution(rule, points));
        }
    }
}
