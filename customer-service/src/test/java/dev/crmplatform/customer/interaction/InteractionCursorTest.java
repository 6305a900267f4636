package dev.crmplatform.customer.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InteractionCursorTest {

    @Test
    void roundTripsTheSortKeyWithMicrosecondPrecision() {
        InteractionCursor cursor = new InteractionCursor(Instant.parse("2026-11-20T10:00:00.123456Z"), UUID.randomUUID());
        String encoded = cursor.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(InteractionCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(InteractionCursor.decode(null)).isNull();
        assertThat(InteractionCursor.decode("")).isNull();
    }

    @Test
    void aCursorThisApiDidNotIssueIsABadRequest() {
        String garbage = Base64.getUrlEncoder().encodeToString("2026|nope".getBytes(StandardCharsets.UTF_8));
        for (String cursor : new String[] {"not-a-cursor", "%%%", garbage,
                Base64.getUrlEncoder().encodeToString("a|b|c".getBytes(StandardCharsets.UTF_8))}) {
            assertThatThrownBy(() -> InteractionCursor.decode(cursor)).as(cursor)
                    .isInstanceOf(InvalidRequestException.class);
        }
    }
}
