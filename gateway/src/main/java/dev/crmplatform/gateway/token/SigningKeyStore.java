package dev.crmplatform.gateway.token;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.web.Ids;

/**
 * The rotating RS256 keys that sign the internal JWT, shared by all gateway instances through the gateway database
 * so that every instance's JWKS lists every instance's keys.
 * <p>
 * Rotation: when the newest key is older than {@code key-rotation-interval}, one instance (advisory lock) adds a
 * new key. Tokens are signed with the newest key that every instance has had time to load and publish
 * ({@code key-check-interval} old), so a service never sees a kid that no JWKS lists; a retired key stays in the
 * JWKS for the token TTL plus one check interval after it stopped signing, so tokens it signed stay verifiable.
 */
@Component
public class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);
    private static final long ROTATION_LOCK = 0x43524d4b4559L; // "CRMKEY"

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final GatewayProperties.InternalToken properties;
    private final Clock clock;
    private final SecretKeySpec encryptionKey;
    private volatile List<SigningKey> keys = List.of();

    public SigningKeyStore(JdbcClient jdbc, TransactionTemplate tx, GatewayProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties.internalToken();
        this.clock = clock;
        String kek = this.properties.keyEncryptionKey();
        this.encryptionKey = kek == null || kek.isBlank() ? null : new SecretKeySpec(Base64.getDecoder().decode(kek), "AES");
        if (encryptionKey == null) {
            log.warn("crm.gateway.internal-token.key-encryption-key is not set: internal signing keys are stored "
                    + "unencrypted in the gateway database");
        }
    }

    /** The key to sign with now. */
    public SigningKey current() {
        List<SigningKey> snapshot = keys;
        if (snapshot.isEmpty()) {
            refresh();
            snapshot = keys;
        }
        Instant now = clock.instant();
        Instant publishedBefore = now.minus(properties.keyCheckInterval());
        return snapshot.stream()
                .filter(k -> k.expiresAt().isAfter(now.plus(properties.ttl())))
                .filter(k -> k.createdAt().isBefore(publishedBefore))
                .max(Comparator.comparing(SigningKey::createdAt))
                // a fresh installation only has a brand-new key: use it
                .orElseGet(() -> keys.stream().max(Comparator.comparing(SigningKey::createdAt)).orElseThrow());
    }

    /** Keys for the JWKS: all that are not expired. */
    public List<SigningKey> published() {
        if (keys.isEmpty()) {
            refresh();
        }
        Instant now = clock.instant();
        return keys.stream().filter(k -> k.expiresAt().isAfter(now)).toList();
    }

    @Scheduled(initialDelayString = "${crm.gateway.internal-token.key-check-interval:1m}",
            fixedDelayString = "${crm.gateway.internal-token.key-check-interval:1m}")
    public synchronized void refresh() {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            Instant newest = jdbc.sql("select max(created_at) from internal_signing_keys").query(Timestamp.class)
                    .optional().map(Timestamp::toInstant).orElse(null);
            boolean due = newest == null || newest.isBefore(now.minus(properties.keyRotationInterval()));
            if (due && jdbc.sql("select pg_try_advisory_xact_lock(:lock)").param("lock", ROTATION_LOCK)
                    .query(Boolean.class).single()) {
                // Re-check under the lock: another instance may just have rotated.
                Instant again = jdbc.sql("select max(created_at) from internal_signing_keys").query(Timestamp.class)
                        .optional().map(Timestamp::toInstant).orElse(null);
                if (again == null || again.isBefore(now.minus(properties.keyRotationInterval()))) {
                    insertNewKey(now);
                }
            }
            jdbc.sql("delete from internal_signing_keys where expires_at < :cutoff")
                    .param("cutoff", Timestamp.from(now.minus(Duration.ofDays(1)))).update();
        });
        keys = jdbc.sql("select kid, public_key, private_key, encrypted, created_at, expires_at "
                + "from internal_signing_keys where expires_at > :now order by created_at")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> load(rs.getString("kid"), rs.getString("public_key"), rs.getString("private_key"),
                        rs.getBoolean("encrypted"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    private void insertNewKey(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String kid = "gw-" + Ids.newId();
            // Signs for one rotation interval, then stays published for the token TTL and a check interval more.
            Instant expires = now.plus(properties.keyRotationInterval()).plus(properties.keyCheckInterval())
                    .plus(properties.ttl()).plus(properties.keyCheckInterval());
            boolean encrypt = encryptionKey != null;
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            jdbc.sql("""
                    insert into internal_signing_keys (kid, public_key, private_key, encrypted, created_at, expires_at)
                    values (:kid, :pub, :priv, :enc, :created, :expires)""")
                    .param("kid", kid)
                    .param("pub", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
                    .param("priv", Base64.getEncoder().encodeToString(encrypt ? encrypt(pkcs8) : pkcs8))
                    .param("enc", encrypt).param("created", Timestamp.from(now))
                    .param("expires", Timestamp.from(expires)).update();
            log.info("Generated internal token signing key {}", kid);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }

    private SigningKey load(String kid, String pub, String priv, boolean encrypted, Instant created, Instant expires) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            byte[] privBytes = Base64.getDecoder().decode(priv);
            if (encrypted) {
                if (encryptionKey == null) {
                    throw new IllegalStateException("Signing key " + kid + " is encrypted but no "
                            + "crm.gateway.internal-token.key-encryption-key is configured");
                }
                privBytes = decrypt(privBytes);
            }
            return new SigningKey(kid,
                    (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pub))),
                    (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privBytes)), created, expires);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load signing key " + kid, e);
        }
    }

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plain);
        return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
    }

    private byte[] decrypt(byte[] ivAndSealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, ivAndSealed, 0, 12));
        return cipher.doFinal(ivAndSealed, 12, ivAndSealed.length - 12);
    }
}
