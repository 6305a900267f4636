package dev.crmplatform.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    private final PhoneNumbers phones = new PhoneNumbers("DE");

    @Test
    void formatsInternationalNumbersAsE164() {
        assertThat(phones.toE164("+1 415 555 0100")).contains("+14155550100");
        assertThat(phones.toE164("+49 (30) 1234-5678")).contains("+493012345678");
    }

    @Test
    void usesTheDefaultRegionForNationalNumbers() {
        assertThat(phones.toE164("030 12345678")).contains("+493012345678");
    }

    @Test
    void rejectsWhatIsNotAValidNumber() {
        assertThat(phones.toE164("not a phone")).isEmpty();
        assertThat(phones.toE164("+1 000")).isEmpty();
        assertThat(phones.toE164("")).isEmpty();
        assertThat(phones.toE164(null)).isEmpty();
    }
}
