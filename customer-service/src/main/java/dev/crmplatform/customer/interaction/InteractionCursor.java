package dev.crmplatform.customer.interaction;

import dev.crmplatform.platform.web.problem.FieldErrorView;
import dev.crmplatform.platform.web.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Position in a timeline: the sort key (occurredAt, id) of the last interaction of a page, as opaque base64url.
 * Timestamps have PostgreSQL's microsecond precision, so the key compares exactly with the stored row.
 */
public record InteractionCursor(Instant occurredAt, UUID id) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString((occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor; 400 validation-failed for a cursor this service did not issue. */
    public static InteractionCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 2) {
                throw invalid();
            }
            return new InteractionCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("The cursor is not valid.",
                List.of(new FieldErrorView("cursor", "is not a cursor returned by this API")));
    }
}
