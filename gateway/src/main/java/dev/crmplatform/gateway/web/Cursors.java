package dev.crmplatform.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.crmplatform.gateway.problem.ProblemException;

/** Opaque list cursors: base64url of the last id of the previous page. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static UUID decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor",
                    "The cursor is not one this API issued");
        }
    }
}
