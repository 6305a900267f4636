package dev.crmplatform.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "q=plain", "/api/v1/customers", "q=%20", "q=%C3%A9mile", "q=%e2%82%AC&x=%2B",
            "q=%F0%9F%98%80", "a=%00"})
    void wellFormed(String raw) {
        assertThat(PercentEncodingFilter.wellFormed(raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=%zz", "q=%", "q=%4", "q=a%2", "q=%g0", "q=%ff", "q=%C3%28", "q=%C3", "q=%E2%82",
            "q=%C3%A9%", "q=%C0%AF", "q=%ED%A0%80", "q=%\u0663\u0663"})
    void malformed(String raw) {
        assertThat(PercentEncodingFilter.wellFormed(raw)).isFalse();
    }

    @Test
    void noQueryIsWellFormed() {
        assertThat(PercentEncodingFilter.wellFormed(null)).isTrue();
    }
}
