package dev.crmplatform.platform.web.etag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.web.problem.InvalidRequestException;
import dev.crmplatform.platform.web.problem.PreconditionFailedException;
import dev.crmplatform.platform.web.problem.PreconditionRequiredException;

class ETagsTest {

    @Test
    void formatsAndParsesStrongVersionTags() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
        assertThat(ETags.requireIfMatch("\"7\"")).isEqualTo(7);
        assertThat(ETags.requireIfMatch(" \"0\" ")).isZero();
    }

    @Test
    void missingIs428AndMalformedIs400() {
        assertThatThrownBy(() -> ETags.requireIfMatch(null)).isInstanceOf(PreconditionRequiredException.class);
        assertThatThrownBy(() -> ETags.requireIfMatch(" ")).isInstanceOf(PreconditionRequiredException.class);
        for (String bad : new String[] { "7", "W/\"7\"", "*", "\"1\", \"2\"", "\"x\"", "\"99999999999999999999\"",
                "\"03\"", "\"00\"" }) {
            assertThatThrownBy(() -> ETags.requireIfMatch(bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.getType()).isEqualTo("invalid-if-match"));
        }
    }

    @Test
    void staleVersionIs412() {
        ETags.checkVersion(3, 3);
        assertThatThrownBy(() -> ETags.checkVersion(2, 3)).isInstanceOfSatisfying(PreconditionFailedException.class,
                e -> assertThat(e.getProperties()).containsEntry("currentETag", "\"3\""));
    }
}
