package dev.crmplatform.customer.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.customer.dedupe.DuplicateScoring.Reason;
import dev.crmplatform.customer.dedupe.DuplicateScoring.Signals;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateScoringTest {

    private static final Signals ALICE = new Signals(List.of("alice@acme.example"), List.of("+14155550100"),
            List.of("acme.example"), List.of("pc:de:10115", "st:de:berlin:mainst1"));
    private static final Signals NOTHING = new Signals(List.of(), List.of(), List.of(), List.of());

    @Test
    void aSimilarNameAloneScoresItsWeightedSimilarity() {
        var score = DuplicateScoring.score(ALICE, NOTHING, 0.6, 0.3);
        assertThat(score.score()).isEqualTo(0.36);
        assertThat(score.reasons()).containsExactly(new Reason("NAME_SIMILARITY", 0.36, "name similarity 0.6"));
    }

    @Test
    void namesBelowTheMinimumSimilarityGiveNoReason() {
        assertThat(DuplicateScoring.score(ALICE, NOTHING, 0.29, 0.3).reasons()).isEmpty();
        assertThat(DuplicateScoring.score(ALICE, NOTHING, 0.29, 0.3).score()).isZero();
    }

    @Test
    void everySignalContributesAndTheTotalIsCappedAtOne() {
        var score = DuplicateScoring.score(ALICE, ALICE, 1.0, 0.3);
        assertThat(score.score()).isEqualTo(1.0);
        assertThat(score.reasons()).extracting(Reason::type)
                .containsExactly("SAME_EMAIL", "SAME_PHONE", "NAME_SIMILARITY", "SAME_ADDRESS");
    }

    @Test
    void aSharedEmailCountsItsDomainOnlyOnce() {
        var colleague = new Signals(List.of("bob@acme.example"), List.of(), List.of("acme.example"), List.of());
        assertThat(DuplicateScoring.score(ALICE, colleague, 0, 0.3).reasons())
                .containsExactly(new Reason("SAME_EMAIL_DOMAIN", 0.2, "acme.example"));

        var sameAddress = new Signals(List.of("alice@acme.example"), List.of(), List.of("acme.example"), List.of());
        assertThat(DuplicateScoring.score(ALICE, sameAddress, 0, 0.3).reasons()).extracting(Reason::type)
                .containsExactly("SAME_EMAIL");
    }

    @Test
    void aStreetMatchOutranksAPostalCodeMatch() {
        var street = new Signals(List.of(), List.of(), List.of(), List.of("st:de:berlin:mainst1"));
        var postalCode = new Signals(List.of(), List.of(), List.of(), List.of("pc:de:10115"));
        assertThat(DuplicateScoring.score(ALICE, street, 0, 0.3).score()).isEqualTo(0.3);
        assertThat(DuplicateScoring.score(ALICE, postalCode, 0, 0.3).score()).isEqualTo(0.15);
    }

    @Test
    void samePhoneAndSameNameIsACertainDuplicate() {
        var twin = new Signals(List.of(), List.of("+14155550100"), List.of(), List.of());
        assertThat(DuplicateScoring.score(ALICE, twin, 1.0, 0.3).score()).isEqualTo(1.0);
        assertThat(DuplicateScoring.score(ALICE, twin, 0.0, 0.3).score()).isEqualTo(0.5);
    }
}
