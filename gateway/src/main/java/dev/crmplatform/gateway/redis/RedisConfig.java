package dev.crmplatform.gateway.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CrmRedisProperties.class)
public class RedisConfig {

    /** Jedis 8's pooled client ({@code JedisPooled} is gone in 8.x). No connection is opened here. */
    @Bean(destroyMethod = "close")
    RedisClient redisClient(CrmRedisProperties properties) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) properties.connectTimeout().toMillis())
                .socketTimeoutMillis((int) properties.socketTimeout().toMillis())
                .clientName("crm-gateway");
        if (properties.password() != null && !properties.password().isBlank()) {
            config.password(properties.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(properties.maxConnections());
        pool.setMaxIdle(properties.maxConnections());
        pool.setMinIdle(0);
        pool.setMaxWait(properties.connectTimeout());
        pool.setJmxEnabled(false);
        return RedisClient.builder()
                .hostAndPort(properties.host(), properties.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }
}
