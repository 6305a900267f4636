package dev.crmplatform.customer.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.customer.consent.ConsentRepository.CurrentConsent;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsentServiceTest {

    static final Instant T = Instant.parse("2026-11-20T10:00:00.123456Z");
    static final Optional<CurrentConsent> GRANTED =
            Optional.of(new CurrentConsent("EMAIL", "MARKETING", "GRANTED", "web-form", T, "user-1"));

    @Test
    void onlyTheExactSameStatusSourceAndTimeIsAReplay() {
        assertThat(ConsentService.isReplay(GRANTED, "GRANTED", "web-form", T)).isTrue();
        assertThat(ConsentService.isReplay(GRANTED, "WITHDRAWN", "web-form", T)).isFalse();
        assertThat(ConsentService.isReplay(GRANTED, "GRANTED", "paper-form", T)).isFalse();
        assertThat(ConsentService.isReplay(GRANTED, "GRANTED", "web-form", T.plusNanos(1000))).isFalse();
        assertThat(ConsentService.isReplay(Optional.empty(), "GRANTED", "web-form", T)).isFalse();
    }

    @Test
    void aConsentGivenInTheFutureIsInvalidBeyondTheClockSkew() {
        Instant now = T;
        assertThatCode(() -> ConsentService.validate("web-form", now.plusSeconds(30), now)).doesNotThrowAnyException();
        assertThatCode(() -> ConsentService.validate("web-form", now.minusSeconds(86_400 * 365), now))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ConsentService.validate("web-form", now.plusSeconds(3600), now))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aBlankSourceIsInvalid() {
        assertThatThrownBy(() -> ConsentService.validate("", T, T)).isInstanceOf(InvalidRequestException.class);
    }
}
