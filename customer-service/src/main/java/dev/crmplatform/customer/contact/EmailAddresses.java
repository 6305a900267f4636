package dev.crmplatform.customer.contact;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Normalises email addresses to lower case and rejects what cannot be an address. */
public final class EmailAddresses {

    // Deliberately pragmatic: one @, no spaces, a dot in the domain, labels of letters, digits and hyphens.
    private static final Pattern ADDRESS = Pattern.compile(
            "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    private EmailAddresses() {
    }

    public static Optional<String> normalise(String raw) {
        if (raw == null || raw.length() > 254) {
            return Optional.empty();
        }
        String candidate = raw.trim().toLowerCase(Locale.ROOT);
        return ADDRESS.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    public static String domainOf(String normalised) {
        return normalised.substring(normalised.indexOf('@') + 1);
    }
}
