package dev.crmplatform.customer.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Normalises phone numbers to E.164 with libphonenumber; numbers without a country code use the default region. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** The E.164 form, or empty when the input is not a valid number. */
    public Optional<String> toE164(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
