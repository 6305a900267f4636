package dev.crmplatform.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    private final RequestIdFilter filter = new RequestIdFilter(0.1);

    @Test
    void echoesSaneIdsAndReplacesUnsafeOnes() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/customers");
        request.addHeader("X-Request-Id", "abc-123");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123");

        MockHttpServletRequest evil = new MockHttpServletRequest("GET", "/api/v1/customers");
        evil.addHeader("X-Request-Id", "abc\r\nSet-Cookie: x=y");
        MockHttpServletResponse evilResponse = new MockHttpServletResponse();
        filter.doFilter(evil, evilResponse, new MockFilterChain());
        assertThat(evilResponse.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void keepsValidTraceparentAndGeneratesOtherwise() throws Exception {
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader("traceparent", valid);
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(request.getAttribute(RequestIdFilter.TRACEPARENT_ATTR)).isEqualTo(valid);

        MockHttpServletRequest invalid = new MockHttpServletRequest("GET", "/x");
        invalid.addHeader("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01");
        filter.doFilter(invalid, new MockHttpServletResponse(), new MockFilterChain());
        assertThat((String) invalid.getAttribute(RequestIdFilter.TRACEPARENT_ATTR))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").isNotEqualTo(invalid.getHeader("traceparent"));
    }

    @Test
    void aGeneratedTraceIsSampledWithTheConfiguredProbability() throws Exception {
        assertThat(generatedFlags(new RequestIdFilter(0.0), 50)).containsOnly("00");
        assertThat(generatedFlags(new RequestIdFilter(1.0), 50)).containsOnly("01");
        List<String> tenth = generatedFlags(new RequestIdFilter(0.1), 2000);
        // Binomial(2000, 0.1): mean 200, standard deviation 13.4; these bounds are more than 7 deviations away.
        assertThat(tenth.stream().filter("01"::equals).count()).isBetween(100L, 300L);
    }

    @Test
    void aClientsSamplingDecisionIsKept() throws Exception {
        String unsampled = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.addHeader("traceparent", unsampled);
        new RequestIdFilter(1.0).doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(request.getAttribute(RequestIdFilter.TRACEPARENT_ATTR)).isEqualTo(unsampled);
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThatThrownBy(() -> new RequestIdFilter(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("management.tracing.sampling.probability");
    }

    private static List<String> generatedFlags(RequestIdFilter filter, int requests) throws Exception {
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
            filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
            String traceparent = (String) request.getAttribute(RequestIdFilter.TRACEPARENT_ATTR);
            flags.add(traceparent.substring(traceparent.length() - 2));
        }
        return flags;
    }
}
