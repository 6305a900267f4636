package dev.crmplatform.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void keysArePrefixedBase62WithAtLeast256Bits() {
        ApiKeySecrets.GeneratedKey live = ApiKeySecrets.generate("live");
        ApiKeySecrets.GeneratedKey test = ApiKeySecrets.generate("test");
        assertThat(live.key()).matches("crm_live_[0-9A-Za-z]{43}");
        assertThat(test.key()).matches("crm_test_[0-9A-Za-z]{43}");
        // 43 base62 characters hold log2(62) * 43 = 256.03 bits; the 32 random bytes are all encoded.
        assertThat(Math.log(62) / Math.log(2) * 43).isGreaterThanOrEqualTo(256);
        assertThat(live.prefix()).isEqualTo(live.key().substring(0, 13));
        assertThat(live.hash()).hasSize(32).isEqualTo(ApiKeySecrets.sha256(live.key()));
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(ApiKeySecrets.generate("live").key())).isTrue();
        }
    }

    @Test
    void base62EncodesAll256BitsInjectively() {
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        assertThat(ApiKeySecrets.base62(max)).hasSize(43).doesNotStartWith("0");
        assertThat(ApiKeySecrets.base62(new byte[32])).isEqualTo("0".repeat(43));
    }

    @Test
    void wellFormedRejectsForeignStrings() {
        assertThat(ApiKeySecrets.wellFormed(ApiKeySecrets.generate("live").key())).isTrue();
        assertThat(ApiKeySecrets.wellFormed("crm_live_short")).isFalse();
        assertThat(ApiKeySecrets.wellFormed("crm_live_" + "!".repeat(43))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("eyJhbGciOiJSUzI1NiJ9.x.y")).isFalse();
        assertThat(ApiKeySecrets.looksLikeApiKey("eyJhbGciOiJSUzI1NiJ9.x.y")).isFalse();
    }

    @Test
    void matchesComparesHashes() {
        ApiKeySecrets.GeneratedKey key = ApiKeySecrets.generate("live");
        assertThat(ApiKeySecrets.matches(key.hash(), ApiKeySecrets.hex(key.hash()))).isTrue();
        assertThat(ApiKeySecrets.matches(ApiKeySecrets.sha256("other"), ApiKeySecrets.hex(key.hash()))).isFalse();
    }
}
