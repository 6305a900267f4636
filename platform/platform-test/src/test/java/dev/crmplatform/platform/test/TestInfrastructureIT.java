package dev.crmplatform.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import redis.clients.jedis.RedisClient;

class TestInfrastructureIT {

    @Test
    void freshDatabasesAreOwnedByANonSuperuserRole() throws Exception {
        var first = TestDatabases.createFreshDatabase("infra");
        var second = TestDatabases.createFreshDatabase("infra");
        assertThat(first.name()).isNotEqualTo(second.name());
        try (var c = DriverManager.getConnection(first.url(), first.username(), first.password());
             var rs = c.createStatement().executeQuery(
                     "select rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("superuser").isFalse();
            assertThat(rs.getBoolean(2)).as("bypass RLS").isFalse();
        }
    }

    @Test
    void kafkaBrokerRoundTrip() throws Exception {
        String topic = "infra-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
             var consumer = TestKafka.consumer(topic)) {
            producer.send(new ProducerRecord<>(topic, "k", "hello".getBytes(StandardCharsets.UTF_8)))
                    .get(10, TimeUnit.SECONDS);
            var received = new java.util.ArrayList<String>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                TestKafka.poll(consumer, Duration.ofMillis(200))
                        .forEach(r -> received.add(new String(r.value(), StandardCharsets.UTF_8)));
                return !received.isEmpty();
            });
            assertThat(received).containsExactly("hello");
        }
    }

    @Test
    void redisAnswers() {
        try (var redis = RedisClient.builder().hostAndPort(TestRedis.host(), TestRedis.port()).build()) {
            assertThat(redis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void issuedTokensValidateAgainstTheServedJwks() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestJwtIssuer.jwksUri())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        UUID tenant = UUID.randomUUID();
        var decoder = NimbusJwtDecoder.withJwkSetUri(TestJwtIssuer.jwksUri()).build();
        var jwt = decoder.decode(TestJwtIssuer.token(tenant, "alice", Set.of("customers:read")));
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo(tenant.toString());
        assertThat(jwt.getClaimAsStringList("scopes")).containsExactly("customers:read");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo(TestJwtIssuer.ISSUER);
    }
}
