package dev.crmplatform.local.services;

import java.util.Map;

import dev.crmplatform.local.postgres.PgServer;
import dev.crmplatform.local.redis.RedisResolver.RedisEndpoint;

/**
 * What the services are pointed at.
 *
 * @param serviceUrls base URL of every service that is started, by gateway key (customer, sales, ...)
 */
public record Infrastructure(PgServer postgres, RedisEndpoint redis, String kafkaBootstrapServers, String issuerUri,
        String bootstrapAdminKey, String gatewayJwksUri, Map<String, String> serviceUrls) {
}
