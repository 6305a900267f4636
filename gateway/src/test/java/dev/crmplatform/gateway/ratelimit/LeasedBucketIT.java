package dev.crmplatform.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.crmplatform.platform.test.TestRedis;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.RedisClient;

/**
 * Leases against real Redis, with gateway instances simulated by separate {@link LeasedBucket}s over one Redis key,
 * and a test clock (shared with Bucket4j's) to cross a minute boundary.
 */
class LeasedBucketIT {

    private static final RedisClient redis = RedisClient.builder()
            .hostAndPort(TestRedis.host(), TestRedis.port()).build();

    private final AtomicLong millis = new AtomicLong(Instant.parse("2031-03-04T10:20:05Z").toEpochMilli());
    private final Clock clock = new TestClock(millis);
    private final ProxyManager<byte[]> buckets = Bucket4jJedis.casBasedBuilder(redis)
            .clientClock(new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return TimeUnit.MILLISECONDS.toNanos(millis.get());
                }

                @Override
                public boolean isWallClockBased() {
                    return true;
                }
            })
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(5)))
            .build();
    private final Counter exchanges = new SimpleMeterRegistry().counter("exchanges");
    private final String key = "crm:test:rl:" + UUID.randomUUID();

    @AfterAll
    static void close() {
        redis.close();
    }

    @Test
    void twoInstancesTogetherPassExactlyTheBudgetAndRarelyAskRedis() throws Exception {
        long budget = 2_000;
        LeasedBucket first = instance(budget, 1_000_000);
        LeasedBucket second = instance(budget, 1_000_000);

        long allowed = 0;
        List<Future<Long>> both = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            both.add(pool.submit(() -> untilRejected(first, 8)));
            both.add(pool.submit(() -> untilRejected(second, 8)));
        }
        for (Future<Long> f : both) {
            allowed += f.get();
        }

        assertThat(allowed).isEqualTo(budget);
        assertThat(first.tryConsume().allowed()).isFalse();
        assertThat(second.tryConsume().allowed()).isFalse();
        assertThat(exchanges.count()).isLessThan(budget / 4.0);
    }

    @Test
    void tokensLeftInALeaseLapseWhenTheMinuteEnds() throws Exception {
        long budget = 2_000;
        LeasedBucket bucket = instance(budget, 1_000_000);
        for (int i = 0; i < 300; i++) {
            assertThat(bucket.tryConsume().allowed()).isTrue();
        }

        millis.addAndGet(Duration.ofMinutes(1).toMillis());

        // The new window's budget, and not a token more from the lease taken in the last one.
        assertThat(untilRejected(bucket, 8)).isEqualTo(budget);
    }

    @Test
    void anExhaustedBucketSaysNoWithoutAskingRedisUntilTheMinuteEnds() {
        LeasedBucket bucket = instance(5, 1_000);
        for (int i = 0; i < 5; i++) {
            LeasedBucket.Grant grant = bucket.tryConsume();
            assertThat(grant.allowed()).isTrue();
            assertThat(grant.remainingMinute()).isEqualTo(4 - i);
            assertThat(grant.remainingDay()).isEqualTo(999 - i);
        }
        assertThat(bucket.tryConsume().allowed()).isFalse();
        double asked = exchanges.count();

        for (int i = 0; i < 20; i++) {
            LeasedBucket.Grant grant = bucket.tryConsume();
            assertThat(grant.allowed()).isFalse();
            assertThat(grant.remainingMinute()).isZero();
        }
        assertThat(exchanges.count()).isEqualTo(asked);

        millis.addAndGet(Duration.ofMinutes(1).toMillis());
        LeasedBucket.Grant next = bucket.tryConsume();
        assertThat(next.allowed()).isTrue();
        assertThat(next.remainingMinute()).isEqualTo(4);
        assertThat(next.remainingDay()).isEqualTo(994);
    }

    private LeasedBucket instance(long perMinute, long perDay) {
        return new LeasedBucket(
                buckets.builder().build(key.getBytes(StandardCharsets.UTF_8),
                        () -> RateLimiter.configuration(perMinute, perDay, clock.instant())),
                perMinute, Duration.ofMillis(50), clock, exchanges);
    }

    /** Several threads take tokens until one is refused; how many were granted. */
    private static long untilRejected(LeasedBucket bucket, int threads) throws Exception {
        List<Future<Long>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long granted = 0;
                    while (bucket.tryConsume().allowed()) {
                        granted++;
                    }
                    return granted;
                }));
            }
        }
        long granted = 0;
        for (Future<Long> f : futures) {
            granted += f.get();
        }
        return granted;
    }

    private static final class TestClock extends Clock {

        private final AtomicLong millis;

        TestClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
