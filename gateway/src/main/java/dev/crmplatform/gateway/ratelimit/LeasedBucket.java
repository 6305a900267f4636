package dev.crmplatform.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.micrometer.core.instrument.Counter;

/**
 * One bucket's tokens as this gateway instance sees them: it takes them from the Redis bucket in leases and hands
 * them out locally, so a busy key costs one Redis exchange per lease instead of one (compare-and-swap: two round
 * trips) per request.
 *
 * <p>A lease is taken from Redis before any of its tokens is used, so no more than the budget ever passes, across
 * instances too. A lease holds about {@code leaseInterval} worth of the bucket's recent rate, and never more than 1%
 * of the minute budget or 1/16 of what Redis had left at the last exchange. So a quiet or small bucket takes one token
 * at a time (exact, as without leases), and a bucket near exhaustion falls back to that too. Requests that queue up
 * behind an exchange get their tokens in it. Tokens of a lease belong to the minute window they were taken in: when
 * the window ends, the rest is dropped, because Redis refills the bucket for the new window. Once Redis has no token
 * left, the bucket answers no locally until the minute ends, so a client that keeps calling over its limit does not
 * load Redis either.
 *
 * <p>The trade-off: tokens another instance holds in its lease are not available here until it uses them, at most
 * one lease per instance, which is small by the bounds above. The {@code RateLimit} remaining figures are Redis's
 * remaining budget at this instance's last exchange plus the tokens this instance still holds.
 */
final class LeasedBucket {

    /** {@code remainingMinute}/{@code remainingDay}: budget left in the current windows, as far as known here. */
    record Grant(boolean allowed, long remainingMinute, long remainingDay) {
    }

    private final BucketProxy remote;
    private final long perMinute;
    private final long leaseIntervalNanos;
    private final Clock clock;
    private final Counter exchanges;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger waiting = new AtomicInteger();

    // guarded by lock
    private long leaseMinute = Long.MIN_VALUE;
    private long localTokens;
    private long lastLeaseSize;
    private long lastLeaseNanos;
    private long remoteMinute = -1;
    private long remoteDay = -1;
    private boolean exhausted;

    LeasedBucket(BucketProxy remote, long perMinute, Duration leaseInterval, Clock clock, Counter exchanges) {
        this.remote = remote;
        this.perMinute = perMinute;
        this.leaseIntervalNanos = leaseInterval.toNanos();
        this.clock = clock;
        this.exchanges = exchanges;
    }

    /** @throws RuntimeException when Redis cannot be reached and no leased token is left */
    Grant tryConsume() {
        waiting.incrementAndGet();
        lock.lock();
        try {
            waiting.decrementAndGet();
            long minute = clock.millis() / 60_000;
            if (minute != leaseMinute) {
                localTokens = 0;
                exhausted = false;
            }
            if (localTokens == 0 && !exhausted) {
                lease(minute);
            }
            if (localTokens == 0) {
                return new Grant(false, remoteMinute, remoteDay);
            }
            localTokens--;
            return new Grant(true, remoteMinute + localTokens, remoteDay + localTokens);
        }
        finally {
            lock.unlock();
        }
    }

    private void lease(long minute) {
        long now = System.nanoTime();
        long size = Math.max(leaseSize(now), waiting.get() + 1L);
        exchanges.increment();
        VerboseResult<Long> result = remote.asVerbose().tryConsumeAsMuchAsPossible(size);
        long[] remaining = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
        remoteMinute = remaining[0];
        remoteDay = remaining[1];
        localTokens = result.getValue();
        // Both windows refill only at a minute boundary: until then, Redis has nothing more to give.
        exhausted = localTokens == 0;
        leaseMinute = minute;
        lastLeaseSize = localTokens;
        lastLeaseNanos = now;
    }

    /** The last lease's tokens were all used since it was taken: that rate, for one lease interval, within bounds. */
    private long leaseSize(long now) {
        if (lastLeaseSize == 0 || remoteMinute < 0) {
            return 1;
        }
        long elapsed = Math.max(1, now - lastLeaseNanos);
        double atRecentRate = Math.ceil((double) lastLeaseSize * leaseIntervalNanos / elapsed);
        long bound = Math.min(perMinute / 100, Math.min(remoteMinute, remoteDay) / 16);
        return Math.max(1, Math.min((long) atRecentRate, bound));
    }
}
