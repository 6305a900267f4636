package dev.crmplatform.gateway.apikey;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.crmplatform.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two-level cache of key lookups by hash: a per-instance in-memory level (at most {@code localCacheTtl}, default 1 s)
 * in front of a shared Redis level, in front of PostgreSQL.
 * <p>
 * Revocation across instances: the revoking instance overwrites the Redis entry with the revoked row and publishes
 * the hash on {@value #CHANNEL}; every instance evicts it from memory on receipt. If a message is lost (subscriber
 * reconnecting), the short local TTL still bounds staleness to {@code localCacheTtl}; on every (re)subscription the
 * whole local level is dropped. Fills use SET NX so a lookup racing a revocation can never overwrite the revoked row
 * with the stale one it read before.
 * <p>
 * Redis is an optimisation here, not a dependency: when it is down, lookups go to the database.
 */
@Component
public class ApiKeyCache implements InitializingBean, DisposableBean {

    static final String CHANNEL = "crm:gateway:api-key-invalidations";
    private static final String KEY_PREFIX = "crm:gateway:api-key:";
    private static final String NONE = "-";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyCache.class);

    private final RedisClient redis;
    private final JsonMapper json;
    private final GatewayProperties.ApiKeys properties;
    private final Cache<String, Optional<StoredApiKey>> local;
    private final Queue<StoredApiKey> pendingRedisUpdates = new ConcurrentLinkedQueue<>();
    private final Counter redisFailures;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile JedisPubSub subscription;
    private volatile long backoffMillis = 100;
    private final ScheduledExecutorService subscriber = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("api-key-invalidations").factory());

    public ApiKeyCache(RedisClient redis, JsonMapper json, GatewayProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties.apiKeys();
        this.local = Caffeine.newBuilder().expireAfterWrite(this.properties.localCacheTtl()).maximumSize(100_000)
                .build();
        this.redisFailures = Counter.builder("crm.gateway.api_key_cache.redis_failures")
                .description("API key lookups or invalidations that could not use Redis").register(meters);
    }

    /** @param loader the database lookup, used when neither cache level has the hash */
    public Optional<StoredApiKey> lookup(String hashHex, Supplier<Optional<StoredApiKey>> loader) {
        return local.get(hashHex, h -> loadShared(h, loader));
    }

    private Optional<StoredApiKey> loadShared(String hashHex, Supplier<Optional<StoredApiKey>> loader) {
        String redisKey = KEY_PREFIX + hashHex;
        try {
            String cached = redis.get(redisKey);
            if (cached != null) {
                return NONE.equals(cached) ? Optional.empty() : Optional.of(json.readValue(cached, StoredApiKey.class));
            }
        }
        catch (JedisException e) {
            redisFailures.increment();
            log.warn("Redis unavailable for API key lookup, reading the database: {}", e.getMessage());
            return loader.get();
        }
        Optional<StoredApiKey> loaded = loader.get();
        try {
            Duration ttl = loaded.isPresent() ? properties.redisCacheTtl() : properties.negativeCacheTtl();
            redis.set(redisKey, loaded.map(json::writeValueAsString).orElse(NONE),
                    SetParams.setParams().nx().px(ttl.toMillis()));
        }
        catch (JedisException e) {
            redisFailures.increment();
        }
        return loaded;
    }

    /**
     * Publishes the new state of a key (revoked, shortened expiry) to every instance. Call after the database change
     * is committed.
     */
    public void update(StoredApiKey key) {
        local.invalidate(key.keyHash());
        try {
            redis.set(KEY_PREFIX + key.keyHash(), json.writeValueAsString(key),
                    SetParams.setParams().px(properties.redisCacheTtl().toMillis()));
            redis.publish(CHANNEL, key.keyHash());
        }
        catch (JedisException e) {
            // Keep retrying: a stale Redis entry would outlive the outage otherwise.
            redisFailures.increment();
            pendingRedisUpdates.add(key);
            log.warn("Could not publish API key change to Redis, will retry: {}", e.getMessage());
        }
    }

    /** Forgets a hash everywhere (e.g. a negative entry for a key that has just been registered). */
    public void forget(String hashHex) {
        local.invalidate(hashHex);
        try {
            redis.del(KEY_PREFIX + hashHex);
            redis.publish(CHANNEL, hashHex);
        }
        catch (JedisException e) {
            redisFailures.increment();
        }
    }

    @Scheduled(fixedDelay = 1000)
    void retryPendingUpdates() {
        StoredApiKey key;
        int n = pendingRedisUpdates.size();
        while (n-- > 0 && (key = pendingRedisUpdates.poll()) != null) {
            update(key);
        }
    }

    void evictLocal(String hashHex) {
        local.invalidate(hashHex);
    }

    @Override
    public void afterPropertiesSet() {
        subscriber.execute(this::subscribeOnce);
    }

    /**
     * Blocks while subscribed. When the subscription ends (Redis down, connection lost) the local level is dropped
     * and a new attempt is scheduled with exponential backoff (100 ms up to 5 s).
     */
    private void subscribeOnce() {
        if (!running.get()) {
            return;
        }
        JedisPubSub pubSub = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                local.invalidate(message);
            }

            @Override
            public void onSubscribe(String channel, int subscribedChannels) {
                // Anything published while we were not subscribed is lost: start from a clean local level.
                local.invalidateAll();
                backoffMillis = 100;
            }
        };
        subscription = pubSub;
        try {
            redis.subscribe(pubSub, CHANNEL);
        }
        catch (RuntimeException e) {
            log.debug("API key invalidation subscription lost: {}", e.getMessage());
        }
        local.invalidateAll();
        if (running.get()) {
            long delay = backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
            subscriber.schedule(this::subscribeOnce, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** For tests and health: whether the invalidation subscription is live. */
    public boolean subscribed() {
        JedisPubSub s = subscription;
        return s != null && s.isSubscribed();
    }

    @Override
    public void destroy() {
        running.set(false);
        JedisPubSub s = subscription;
        if (s != null && s.isSubscribed()) {
            try {
                s.unsubscribe();
            }
            catch (RuntimeException ignored) {
                // shutting down
            }
        }
        subscriber.shutdownNow();
    }
}
