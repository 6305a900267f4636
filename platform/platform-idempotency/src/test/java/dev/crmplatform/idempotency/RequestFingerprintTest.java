package dev.crmplatform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    private static final byte[] BODY = "{\"name\":\"Acme\"}".getBytes(StandardCharsets.UTF_8);

    private static String of(String path, String query, String actor, String contentType, byte[] body) {
        return RequestFingerprint.of("POST", path, query, actor, contentType, body);
    }

    @Test
    void theSameRequestHasTheSameFingerprint() {
        assertThat(of("/a", null, "u", "application/json", BODY))
                .isEqualTo(of("/a", null, "u", "application/json", BODY.clone()))
                .hasSize(64);
    }

    @Test
    void everyPartCounts() {
        String base = of("/a", null, "u", "application/json", BODY);
        assertThat(of("/b", null, "u", "application/json", BODY)).isNotEqualTo(base);
        assertThat(of("/a", "x=1", "u", "application/json", BODY)).isNotEqualTo(base);
        assertThat(of("/a", null, "v", "application/json", BODY)).isNotEqualTo(base);
        assertThat(of("/a", null, "u", "text/plain", BODY)).isNotEqualTo(base);
        assertThat(of("/a", null, "u", "application/json", new byte[0])).isNotEqualTo(base);
    }

    @Test
    void fieldBoundariesAndNullsAreUnambiguous() {
        assertThat(of("/ab", "c", "u", null, BODY)).isNotEqualTo(of("/a", "bc", "u", null, BODY));
        assertThat(of("/a", null, "u", null, BODY)).isNotEqualTo(of("/a", "", "u", null, BODY));
    }
}
