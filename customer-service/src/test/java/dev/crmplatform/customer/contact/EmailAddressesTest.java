package dev.crmplatform.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressesTest {

    @Test
    void lowerCasesAndTrims() {
        assertThat(EmailAddresses.normalise(" Alice.Smith@Example.com ")).contains("alice.smith@example.com");
    }

    @Test
    void rejectsInvalidAddresses() {
        assertThat(EmailAddresses.normalise("alice")).isEmpty();
        assertThat(EmailAddresses.normalise("alice@")).isEmpty();
        assertThat(EmailAddresses.normalise("alice@localhost")).isEmpty();
        assertThat(EmailAddresses.normalise("a b@example.com")).isEmpty();
        assertThat(EmailAddresses.normalise("x".repeat(250) + "@example.com")).isEmpty();
    }

    @Test
    void extractsTheDomain() {
        assertThat(EmailAddresses.domainOf("alice@example.com")).isEqualTo("example.com");
    }
}
