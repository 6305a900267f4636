package dev.crmplatform.local.issuer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.dev-issuer.*} (defaults in dev-issuer.yml).
 *
 * @param issuer               the {@code iss} of its tokens; blank = taken from each request's URL (tests)
 * @param keyDir               where the RSA signing key is kept across restarts
 * @param frontendRedirectUris exact redirect URIs of {@code crm-frontend} (Spring Authorization Server matches
 *                             literally, per OAuth 2.1: no wildcards)
 * @param corsOrigins          browser origins allowed to call the token endpoint
 */
@ConfigurationProperties("crm.dev-issuer")
public record DevIssuerProperties(
        String issuer,
        Path keyDir,
        @DefaultValue List<String> frontendRedirectUris,
        @DefaultValue List<String> corsOrigins,
        @DefaultValue("1h") Duration accessTokenTtl) {
}
