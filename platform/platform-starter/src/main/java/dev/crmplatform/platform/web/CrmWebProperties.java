package dev.crmplatform.platform.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web defaults of the platform ({@code crm.web.*}).
 *
 * @param maxBodySize       largest request body accepted (413 above it)
 * @param largeBodyPaths    path patterns (Spring {@code PathPattern} syntax, e.g. {@code /api/v1/customers/imports})
 *                          that may carry up to {@code largeBodyMaxSize} instead, e.g. CSV imports
 * @param largeBodyMaxSize  limit for {@code largeBodyPaths}
 * @param idempotency       Idempotency-Key handling
 */
@ConfigurationProperties("crm.web")
public record CrmWebProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue List<String> largeBodyPaths,
        @DefaultValue("2GB") DataSize largeBodyMaxSize,
        @DefaultValue Idempotency idempotency) {

    /**
     * @param enabled         whether POSTs with an {@code Idempotency-Key} header are deduplicated
     * @param ttl             how long a key and its response are kept (the contract promises at least 24 h)
     * @param inFlightTimeout after this long an unfinished key (e.g. its instance crashed) may be taken over
     * @param purgeInterval   how often expired keys are deleted
     * @param memoryThreshold request bodies larger than this are spooled to a temp file while hashing
     */
    public record Idempotency(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("25h") Duration ttl,
            @DefaultValue("5m") Duration inFlightTimeout,
            @DefaultValue("1h") Duration purgeInterval,
            @DefaultValue("1MB") DataSize memoryThreshold) {
    }
}
