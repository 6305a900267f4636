package dev.crmplatform.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two requests "the same request" for an Idempotency-Key: method, path, query, actor, content type and
 * body, as in the platform's filter. SHA-256, hex.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(String method, String path, String query, String actor, String contentType, byte[] body) {
        MessageDigest digest = sha256();
        update(digest, method);
        update(digest, path);
        update(digest, query);
        update(digest, actor);
        update(digest, contentType);
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String value) {
        // Length-prefixed (and null distinct from empty) so ("ab","c") and ("a","bc") differ.
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (value == null ? 0 : 1));
        digest.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
