package dev.crmplatform.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.RedisClient;

/**
 * Token buckets in Redis through Jedis (Bucket4j's compare-and-swap proxy manager), so the limit is atomic across
 * concurrent requests and gateway instances. One bucket per API key, and per (tenant, subject) for JWT users, each
 * with a per-minute and a per-day bandwidth. Both refill intervally at window boundaries: no more than the budget
 * passes per window, and exactly the budget when one instance serves the key.
 *
 * <p>Each instance takes a busy bucket's tokens in small leases ({@link LeasedBucket}), so it asks Redis a few
 * times a second instead of once or twice (compare-and-swap) per request. Compare-and-swap per request also does
 * not scale when many requests hit one bucket at once (one busy partner key): concurrent attempts fail and retry
 * (bucket4j#479). With leases, one exchange per bucket is in flight at a time, and the requests queued behind it get
 * their tokens in it.
 */
@Component
public class RateLimiter {

    /**
     * @param remainingMinute / remainingDay budget left in the current windows (-1 when unknown)
     * @param resetMinute / resetDay seconds until the windows refill
     */
    public record Decision(boolean allowed, boolean limiterUnavailable, long perMinute, long perDay,
            long remainingMinute, long remainingDay, long resetMinute, long resetDay, long retryAfterSeconds) {
    }

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final ProxyManager<byte[]> buckets;
    private final Cache<BucketKey, LeasedBucket> leases = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();
    private final Clock clock = Clock.systemUTC();
    private final GatewayProperties.RateLimit properties;
    private final GatewayProperties.ApiKeys keyDefaults;
    private final Counter unavailable;
    private final Counter rejected;
    private final Counter exchanges;
    private volatile long lastWarning;

    public RateLimiter(RedisClient redis, GatewayProperties properties, MeterRegistry meters) {
        this.buckets = Bucket4jJedis.casBasedBuilder(redis)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(5)))
                .build();
        this.properties = properties.rateLimit();
        this.keyDefaults = properties.apiKeys();
        this.unavailable = Counter.builder("crm.gateway.ratelimit.unavailable")
                .description("Requests for which the rate limiter could not reach Redis (let through when fail-open)")
                .tag("fail_mode", this.properties.failMode().name().toLowerCase()).register(meters);
        this.rejected = Counter.builder("crm.gateway.ratelimit.rejected").description("Requests answered 429")
                .register(meters);
        this.exchanges = Counter.builder("crm.gateway.ratelimit.exchanges")
                .description("Token leases asked of Redis (a busy key needs a few per second, not one per request)")
                .register(meters);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    public Decision tryConsume(GatewayPrincipal principal) {
        long perMinute;
        long perDay;
        if (principal.keyId() != null) {
            perMinute = principal.rateLimitPerMinute() != null ? principal.rateLimitPerMinute()
                    : keyDefaults.defaultRateLimitPerMinute();
            perDay = principal.rateLimitPerDay() != null ? principal.rateLimitPerDay()
                    : keyDefaults.defaultRateLimitPerDay();
        }
        else {
            perMinute = properties.userPerMinute();
            perDay = properties.userPerDay();
        }
        Instant now = clock.instant();
        long resetMinute = Duration.between(now, nextMinute(now)).toSeconds() + 1;
        long resetDay = Duration.between(now, nextDay(now)).toSeconds() + 1;
        BucketKey bucketKey = new BucketKey(principal.keyId(), principal.tenantId(), principal.subject(), perMinute,
                perDay);
        try {
            LeasedBucket.Grant grant = bucket(bucketKey).tryConsume();
            if (!grant.allowed()) {
                rejected.increment();
                // Intervally aligned refills: the budget comes back when the exhausted window ends.
                long retryAfter = grant.remainingDay() <= 0 ? resetDay : resetMinute;
                return new Decision(false, false, perMinute, perDay, grant.remainingMinute(), grant.remainingDay(),
                        resetMinute, resetDay, retryAfter);
            }
            return new Decision(true, false, perMinute, perDay, grant.remainingMinute(), grant.remainingDay(),
                    resetMinute, resetDay, 0);
        }
        catch (RuntimeException e) {
            unavailable.increment();
            warn(e);
            boolean open = properties.failMode() == GatewayProperties.FailMode.OPEN;
            return new Decision(open, true, perMinute, perDay, -1, -1, resetMinute, resetDay, 1);
        }
    }

    /**
     * Whose bucket: an API key, or a user of a tenant. Limits are part of the cache key: a key whose limits change
     * gets a new {@link LeasedBucket} with its new configuration. The Redis key is only built when one is created.
     */
    private record BucketKey(UUID keyId, UUID tenantId, String subject, long perMinute, long perDay) {

        String redisKey() {
            return keyId != null ? "crm:gateway:rl:key:" + keyId : "crm:gateway:rl:user:" + tenantId + ":" + subject;
        }
    }

    private LeasedBucket bucket(BucketKey bucketKey) {
        return leases.get(bucketKey, k -> new LeasedBucket(
                buckets.builder().build(k.redisKey().getBytes(StandardCharsets.UTF_8),
                        () -> configuration(k.perMinute(), k.perDay(), clock.instant())),
                k.perMinute(), properties.leaseInterval(), clock, exchanges));
    }

    /**
     * Windows aligned to the wall clock (each UTC minute, each UTC day), so every instance and every client agrees
     * on when a window resets and the RateLimit {@code t} parameter is exact.
     */
    static BucketConfiguration configuration(long perMinute, long perDay, Instant now) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute)
                        .refillIntervallyAligned(perMinute, Duration.ofMinutes(1), nextMinute(now)).id("minute"))
                .addLimit(limit -> limit.capacity(perDay)
                        .refillIntervallyAligned(perDay, Duration.ofDays(1), nextDay(now)).id("day"))
                .build();
    }

    private static Instant nextMinute(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    private static Instant nextDay(Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    }

    private void warn(RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastWarning > TimeUnit.SECONDS.toNanos(10)) {
            lastWarning = now;
            log.warn("Rate limiter cannot reach Redis ({}); failing {}", e.getMessage(),
                    properties.failMode().name().toLowerCase());
        }
    }
}
