package dev.crmplatform.platform.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis for tests: {@code CRM_TEST_REDIS_HOST}/{@code CRM_TEST_REDIS_PORT}, else the local server on 127.0.0.1:6379,
 * else Testcontainers when Docker is available, else a clear error.
 */
public final class TestRedis {

    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);
    private static String host;
    private static int port;

    private TestRedis() {
    }

    public static synchronized String host() {
        resolve();
        return host;
    }

    public static synchronized int port() {
        resolve();
        return port;
    }

    private static void resolve() {
        if (host != null) {
            return;
        }
        String envHost = Endpoints.env("CRM_TEST_REDIS_HOST");
        if (envHost != null) {
            host = envHost;
            String envPort = Endpoints.env("CRM_TEST_REDIS_PORT");
            port = envPort == null ? 6379 : Integer.parseInt(envPort);
            return;
        }
        if (Endpoints.answers("127.0.0.1", 6379)) {
            host = "127.0.0.1";
            port = 6379;
            return;
        }
        if (Endpoints.dockerAvailable()) {
            log.info("No local Redis on 127.0.0.1:6379; starting one with Testcontainers");
            @SuppressWarnings("resource")
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            host = redis.getHost();
            port = redis.getMappedPort(6379);
            return;
        }
        throw new InfrastructureUnavailableException("""
                No Redis for the tests. Do one of:
                  - start the local server: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
                  - set CRM_TEST_REDIS_HOST and CRM_TEST_REDIS_PORT, or
                  - start a Docker engine so Testcontainers can run Redis.""");
    }
}
