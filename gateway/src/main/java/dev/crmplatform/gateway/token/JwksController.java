package dev.crmplatform.gateway.token;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/** The public keys of the internal JWT, for services' {@code crm.security.jwk-set-uri}. */
@RestController
public class JwksController {

    public static final String PATH = "/.well-known/jwks.json";

    private final SigningKeyStore keys;

    public JwksController(SigningKeyStore keys) {
        this.keys = keys;
    }

    @GetMapping(value = PATH, produces = "application/jwk-set+json")
    public ResponseEntity<Map<String, Object>> jwks() {
        JWKSet set = new JWKSet(keys.published().stream()
                .map(k -> (com.nimbusds.jose.jwk.JWK) new RSAKey.Builder(k.publicKey()).keyID(k.kid())
                        .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build())
                .toList());
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(60, TimeUnit.SECONDS).cachePublic())
                .body(set.toJSONObject(true));
    }
}
