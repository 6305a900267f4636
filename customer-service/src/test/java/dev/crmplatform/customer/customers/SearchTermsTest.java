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

    @Test
    void recognisesEmailDomainsAndPhoneFragments() {
        assertThat(SearchTerms.emailDomain("acme-corp.example")).isEqualTo("acme-corp.example");
        assertThat(SearchTerms.emailDomain("@mail.acme.co")).isEqualTo("mail.acme.co");
        assertThat(SearchTerms.emailDomain("janet@acme.example")).isNull();
        assertThat(SearchTerms.emailDomain("acme")).isNull();
        assertThat(SearchTerms.emailDomain("acme.example smith")).isNull();
        assertThat(SearchTerms.emailDomain("-acme.example")).isNull();
        assertThat(SearchTerms.emailDomain("acme.42")).isNull();
        assertThat(SearchTerms.isPhoneFragment(CustomerSearch.normaliseQuery("(312) 555-01"))).isTrue();
        assertThat(SearchTerms.isPhoneFragment(CustomerSearch.normaliseQuery("+1 312"))).isFalse();
    }
}
