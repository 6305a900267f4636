package dev.crmplatform.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmplatform.platform.test.TenantClient.Response;

/** Asserts that a response is an RFC 9457 problem with the given status and stable type. */
public final class ProblemAssertions {

    public static final String PROBLEMS = "https://crmplatform.dev/problems/";

    private ProblemAssertions() {
    }

    public static void assertProblem(Response response, int status, String typeSlug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/problem+json");
        assertThat(response.problemType()).as(response.body()).isEqualTo(PROBLEMS + typeSlug);
    }
}
