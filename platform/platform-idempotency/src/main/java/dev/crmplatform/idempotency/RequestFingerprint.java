package dev.crmplatform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two requests "the same request" for an Idempotency-Key: method, path, query, actor, content type and
 * body. SHA-256, hex.
 *
 * <p>Incremental so a body can be hashed while it streams past (the platform spools large bodies to disk, and
 * hashes multipart parts and form parameters instead of the raw body); {@link #of} is the one-shot form.
 */
public final class RequestFingerprint {

    private final MessageDigest digest = sha256();

    private RequestFingerprint() {
    }

    /** Starts a fingerprint with the request's head; add the body with {@link #field} and {@link #bytes}. */
    public static RequestFingerprint start(String method, String path, String query, String actor,
            String contentType) {
        return new RequestFingerprint().field(method).field(path).field(query).field(actor).field(contentType);
    }

    public static String of(String method, String path, String query, String actor, String contentType,
            byte[] body) {
        return start(method, path, query, actor, contentType).bytes(body, 0, body.length).hex();
    }

    /** Adds a value, length-prefixed (and null distinct from empty) so ("ab","c") and ("a","bc") differ. */
    public RequestFingerprint field(String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (value == null ? 0 : 1));
        digest.update(HexFormat.of().toHexDigits(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
        return this;
    }

    /** Adds raw bytes as they are (a body, or a chunk of one). */
    public RequestFingerprint bytes(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
        return this;
    }

    /** The fingerprint; call once, when everything has been added. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
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
