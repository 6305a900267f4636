package dev.crmplatform.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local launcher ({@code crm.local.*}; every one can also be set as an environment variable, e.g.
 * {@code CRM_LOCAL_HOME}). Infrastructure endpoints come from the environment variables documented in the README
 * ({@code CRM_PG_URL}, {@code CRM_REDIS_HOST}, {@code KAFKA_BOOTSTRAP_SERVERS}, ...), not from here.
 *
 * @param home               where logs, Kafka's log dir, the embedded PostgreSQL and the issuer key live
 * @param repoRoot           the repository checkout whose {@code <module>/target/*-exec.jar} are started; found by
 *                           walking up from the working directory when not set
 * @param readyTimeout       how long a service may take to report readiness
 * @param stopTimeout        how long a service may take to stop after SIGTERM before it is killed
 * @param childJvmOptions    JVM flags of every service process (tuned for memory on a small machine)
 * @param issuerPort         port of the OIDC dev issuer
 * @param kafkaPort          client port of the in-process broker
 * @param kafkaControllerPort KRaft controller port of the in-process broker
 * @param embeddedPostgresPort port of the embedded PostgreSQL (not 5432, so a later local server does not clash)
 * @param databasePrefix     prefix of the service databases ({@code crm_customer}, ...)
 */
@ConfigurationProperties("crm.local")
public record LocalProperties(
        @DefaultValue("${user.home}/.crm-local") Path home,
        Path repoRoot,
        @DefaultValue("150s") Duration readyTimeout,
        @DefaultValue("30s") Duration stopTimeout,
        @DefaultValue({"-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=48m", "-XX:+ExitOnOutOfMemoryError"}) List<String> childJvmOptions,
        @DefaultValue("9000") int issuerPort,
        @DefaultValue("9092") int kafkaPort,
        @DefaultValue("9093") int kafkaControllerPort,
        @DefaultValue("15432") int embeddedPostgresPort,
        @DefaultValue("crm_") String databasePrefix) {

    public Path logs() {
        return home.resolve("logs");
    }
}
