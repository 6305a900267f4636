package dev.crmplatform.gateway.apikey;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key format and hashing.
 * <p>
 * A key is {@code crm_live_} or {@code crm_test_} followed by 43 base62 characters encoding 32 random bytes
 * (256 bits of entropy). Only SHA-256(key) is stored: with 256 random bits a salt or a slow hash (bcrypt, argon2)
 * buys nothing against guessing, while a fast deterministic hash lets the gateway find the key by an index lookup
 * on every request. The hash found is compared again in constant time before it is trusted.
 */
public final class ApiKeySecrets {

    public static final String LIVE_PREFIX = "crm_live_";
    public static final String TEST_PREFIX = "crm_test_";
    static final int RANDOM_BYTES = 32;
    static final int SECRET_CHARS = 43;
    /** How many secret characters the displayable prefix shows (crm_live_ab12). */
    static final int DISPLAY_CHARS = 4;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageDigest SHA_256 = sha256Prototype();

    public record GeneratedKey(String key, String prefix, byte[] hash) {
    }

    private ApiKeySecrets() {
    }

    public static GeneratedKey generate(String environment) {
        String envPrefix = "test".equals(environment) ? TEST_PREFIX : LIVE_PREFIX;
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        String key = envPrefix + base62(random);
        return new GeneratedKey(key, displayPrefix(key), sha256(key));
    }

    /** Cheap syntactic check, so JWTs and random strings are never looked up as keys. */
    public static boolean looksLikeApiKey(String candidate) {
        return candidate != null && (candidate.startsWith(LIVE_PREFIX) || candidate.startsWith(TEST_PREFIX));
    }

    public static boolean wellFormed(String candidate) {
        if (!looksLikeApiKey(candidate) || candidate.length() < LIVE_PREFIX.length() + SECRET_CHARS
                || candidate.length() > 200) {
            return false;
        }
        for (int i = LIVE_PREFIX.length(); i < candidate.length(); i++) {
            if (BASE62.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public static String environmentOf(String key) {
        return key.startsWith(TEST_PREFIX) ? "test" : "live";
    }

    public static String displayPrefix(String key) {
        return key.substring(0, LIVE_PREFIX.length() + DISPLAY_CHARS);
    }

    public static byte[] sha256(String key) {
        try {
            // Cloning a digest skips the provider lookup of getInstance, which showed in the gateway's profile.
            return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
        }
        catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** Constant-time comparison of two hashes. */
    public static boolean matches(byte[] presentedHash, String storedHashHex) {
        return MessageDigest.isEqual(presentedHash, HexFormat.of().parseHex(storedHashHex));
    }

    static String base62(byte[] bytes) {
        BigInteger value = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(62);
        char[] out = new char[SECRET_CHARS];
        for (int i = SECRET_CHARS - 1; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(base);
            out[i] = BASE62.charAt(qr[1].intValue());
            value = qr[0];
        }
        return new String(out);
    }
}
