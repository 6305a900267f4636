package dev.crmplatform.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.sales.lead.LeadScorer.Contribution;
import dev.crmplatform.sales.lead.LeadScorer.Facts;
import dev.crmplatform.sales.lead.LeadScoringProperties.SizeBand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadScorerTest {

    private static final LeadScoringProperties WEIGHTS = new LeadScoringProperties(
            List.of(new SizeBand(1, 49, 10), new SizeBand(50, 249, 20), new SizeBand(250, null, 30)),
            Map.of("MANUFACTURING", 15, "retail", 5),
            Map.of("CEO", 25, "vice president", 20, "head", 15, "manager", 10),
            Map.of("REFERRAL", 20, "WEB", 10),
            Map.of("email-clicked", 5, "form-submitted", 10));

    private final LeadScorer scorer = new LeadScorer(WEIGHTS);

    @Test
    void sumsTheMatchingRulesAndExplainsEachOne() {
        var score = scorer.score(new Facts(120, "MANUFACTURING", "Head of Operations", "WEB"));

        assertThat(score.value()).isEqualTo(20 + 15 + 15 + 10);
        assertThat(score.explanation()).containsExactly(
                new Contribution("companySize:50-249", 20),
                new Contribution("industry:MANUFACTURING", 15),
                new Contribution("title:head", 15),
                new Contribution("source:WEB", 10));
    }

    @Test
    void theCanonicalLeadScoresOnIndustryAndSource() {
        var score = scorer.score(new Facts(null, "MANUFACTURING", null, "WEB"));

        assertThat(score.value()).isEqualTo(25);
        assertThat(score.explanation()).extracting(Contribution::rule)
                .containsExactly("industry:MANUFACTURING", "source:WEB");
    }

    @Test
    void nothingKnownScoresZeroWithAnEmptyExplanation() {
        var score = scorer.score(new Facts(null, null, null, null));

        assertThat(score.value()).isZero();
        assertThat(score.explanation()).isEmpty();
    }

    @Test
    void unweightedValuesAddNoRule() {
        var score = scorer.score(new Facts(null, "EDUCATION", "Intern", "OTHER"));

        assertThat(score.value()).isZero();
        assertThat(score.explanation()).isEmpty();
    }

    @Test
    void titleKeywordsMatchWholeWordsCaseInsensitivelyAndTheBestOneCounts() {
        assertThat(scorer.score(new Facts(null, null, "CEO & Head of Sales", null)).explanation())
                .containsExactly(new Contribution("title:ceo", 25));
        assertThat(scorer.score(new Facts(null, null, "Vice-President, Sales", null)).explanation())
                .containsExactly(new Contribution("title:vice president", 20));
        // "head" inside another word is no match
        assertThat(scorer.score(new Facts(null, null, "Headhunter", null)).explanation()).isEmpty();
    }

    @Test
    void companySizeBandsIncludeTheirBoundsAndTheOpenTopBand() {
        assertThat(scorer.score(new Facts(49, null, null, null)).value()).isEqualTo(10);
        assertThat(scorer.score(new Facts(50, null, null, null)).value()).isEqualTo(20);
        assertThat(scorer.score(new Facts(1_000_000, null, null, null)).explanation())
                .containsExactly(new Contribution("companySize:250+", 30));
    }

    @Test
    void industryAndSourceWeightsAreCaseInsensitive() {
        assertThat(scorer.score(new Facts(null, "RETAIL", null, null)).value()).isEqualTo(5);
    }

    @Test
    void engagementSignalsCountOnceEachAndTheScoreIsClampedTo100() {
        var score = scorer.score(new Facts(300, "MANUFACTURING", "CEO", "REFERRAL"),
                List.of("email-clicked", "email-clicked", "form-submitted", "unknown-signal"));

        assertThat(score.explanation()).extracting(Contribution::rule).containsExactly("companySize:250+",
                "industry:MANUFACTURING", "title:ceo", "source:REFERRAL", "engagement:email-clicked",
                "engagement:form-submitted");
        assertThat(score.explanation().stream().mapToInt(Contribution::points).sum()).isEqualTo(105);
        assertThat(score.value()).isEqualTo(100);
    }

    @Test
    void negativeWeightsAreAllowedButTheScoreNeverGoesBelowZero() {
        var scorer = new LeadScorer(new LeadScoringProperties(List.of(), Map.of(), Map.of("student", -30),
                Map.of("WEB", 10), Map.of()));

        var score = scorer.score(new Facts(null, null, "Student", "WEB"));

        assertThat(score.explanation()).containsExactly(new Contribution("title:student", -30),
                new Contribution("source:WEB", 10));
        assertThat(score.value()).isZero();
    }

    @Test
    void aBandWithMaxBelowMinIsRejected() {
        assertThatThrownBy(() -> new LeadScoringProperties(List.of(new SizeBand(10, 5, 1)), Map.of(), Map.of(),
                Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
