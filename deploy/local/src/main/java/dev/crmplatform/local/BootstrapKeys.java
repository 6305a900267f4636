package dev.crmplatform.local;

import java.security.SecureRandom;

/** The gateway's bootstrap platform-admin key: {@code crm_test_} + 48 base62 characters (about 285 bits). */
public final class BootstrapKeys {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BootstrapKeys() {
    }

    public static String generate() {
        StringBuilder key = new StringBuilder("crm_test_");
        for (int i = 0; i < 48; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return key.toString();
    }
}
