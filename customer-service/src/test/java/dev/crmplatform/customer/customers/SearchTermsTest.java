package dev.crmplatform.customer.customers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTermsTest {

    @Test
    void splitsQueryWordsAsNamesAreSplit() {
        assertThat(SearchTerms.words("O'Brien-Smith")).containsExactly("obrien", "smith");
        assertThat(SearchTerms.words("Müller")).containsExactly("müller");
        assertThat(SearchTerms.words("--")).isEmpty();
    }

    @Test
    void prefixEndIsTheLeastStringAfterAllExtensions() {
        assertThat(SearchTerms.prefixEnd("smi")).isEqualTo("smj");
        assertThat(SearchTerms.prefixEnd("janet.tho")).isEqualTo("janet.thp");
        assertThat(SearchTerms.prefixEnd("mü")).isEqualTo("mý");
    }
}
