package dev.crmplatform.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.security.GatewayPrincipal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Rate limits in Redis through Jedis: one budget per API key, and per (tenant, subject) for JWT users, each with a
 * per-minute and a per-day window aligned to the UTC wall clock, so every instance and every client agrees on when
 * a window resets and the RateLimit {@code t} parameter is exact. Exactly the budget passes per window.
 *
 * <p>One Lua script ({@code ratelimit/consume.lua}) checks and counts both windows in a single atomic round trip, so
 * the limit holds across concurrent requests and gateway instances. It replaced Bucket4j's compare-and-swap proxy
 * manager, which needed two round trips per request (read the state, then swap it in) and retried under contention
 * on one key. On this project's 2-core machines a round trip through a virtual thread is several system calls and
 * those are expensive, so the saved one was a visible share of the gateway's CPU per request. Windows aligned to the
 * clock are fixed-window counters, which is what Bucket4j's intervally aligned refill with capacity = refill amounted
 * to.
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
    private static final long SECONDS_PER_DAY = 86_400;
    /** Counters outlive their window by this much, so a slightly skewed instance still finds them. */
    private static final long TTL_MARGIN_SECONDS = 60;

    private final RedisClient redis;
    private final String script;
    private final String scriptSha;
    private final GatewayProperties.RateLimit properties;
    private final GatewayProperties.ApiKeys keyDefaults;
    private final Counter unavailable;
    private final Counter rejected;
    private volatile long lastWarning;

    public RateLimiter(RedisClient redis, GatewayProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.script = loadScript();
        this.scriptSha = sha1Hex(script);
        this.properties = properties.rateLimit();
        this.keyDefaults = properties.apiKeys();
        this.unavailable = Counter.builder("crm.gateway.ratelimit.unavailable")
                .description("Requests for which the rate limiter could not reach Redis (let through when fail-open)")
                .tag("fail_mode", this.properties.failMode().name().toLowerCase()).register(meters);
        this.rejected = Counter.builder("crm.gateway.ratelimit.rejected").description("Requests answered 429")
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
        long now = Instant.now().getEpochSecond();
        long minute = now / 60;
        long day = now / SECONDS_PER_DAY;
        long resetMinute = (minute + 1) * 60 - now;
        long resetDay = (day + 1) * SECONDS_PER_DAY - now;
        // A hash tag ({...}) keeps both counters of one budget in one Redis Cluster slot, as a script requires.
        String budget = "crm:gateway:rl:{" + budgetId(principal) + "}:";
        List<String> keys = List.of(budget + "m:" + minute, budget + "d:" + day);
        List<String> args = List.of(Long.toString(perMinute), Long.toString(perDay),
                Long.toString(resetMinute + TTL_MARGIN_SECONDS), Long.toString(resetDay + TTL_MARGIN_SECONDS));
        try {
            List<?> result = (List<?>) evaluate(keys, args);
            boolean allowed = ((Long) result.get(0)) == 1L;
            long usedMinute = (Long) result.get(1);
            long usedDay = (Long) result.get(2);
            long remainingMinute = Math.max(0, perMinute - usedMinute);
            long remainingDay = Math.max(0, perDay - usedDay);
            if (!allowed) {
                rejected.increment();
                long retryAfter = usedDay >= perDay ? resetDay : resetMinute;
                return new Decision(false, false, perMinute, perDay, remainingMinute, remainingDay, resetMinute,
                        resetDay, Math.max(1, retryAfter));
            }
            return new Decision(true, false, perMinute, perDay, remainingMinute, remainingDay, resetMinute, resetDay,
                    0);
        }
        catch (RuntimeException e) {
            unavailable.increment();
            warn(e);
            boolean open = properties.failMode() == GatewayProperties.FailMode.OPEN;
            return new Decision(open, true, perMinute, perDay, -1, -1, resetMinute, resetDay, 1);
        }
    }

    /** Whose budget: an API key, or a user of a tenant. */
    private static String budgetId(GatewayPrincipal principal) {
        return principal.keyId() != null ? "key:" + principal.keyId()
                : "user:" + principal.tenantId() + ":" + principal.subject();
    }

    /** By SHA1; a Redis that lost its script cache (restart, SCRIPT FLUSH) gets the script again once. */
    private Object evaluate(List<String> keys, List<String> args) {
        try {
            return redis.evalsha(scriptSha, keys, args);
        }
        catch (JedisNoScriptException e) {
            return redis.eval(script, keys, args);
        }
    }

    private static String loadScript() {
        try {
            return new ClassPathResource("ratelimit/consume.lua").getContentAsString(StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("ratelimit/consume.lua is missing from the gateway", e);
        }
    }

    private static String sha1Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
