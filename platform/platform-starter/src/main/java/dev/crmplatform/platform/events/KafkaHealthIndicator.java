package dev.crmplatform.platform.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Kafka is reachable: {@code describeCluster} answers within a short timeout. Part of the readiness group, so a pod
 * that lost Kafka stops receiving traffic that would need fresh events, while liveness stays up (the outbox holds
 * events meanwhile; restarting would not help).
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Map<String, Object> adminProperties;
    private final Duration timeout;
    private volatile Admin admin;

    public KafkaHealthIndicator(Map<String, Object> adminProperties, Duration timeout) {
        super("Kafka health check failed");
        this.adminProperties = adminProperties;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        long millis = timeout.toMillis();
        DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
        String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    }

    // One long-lived client: creating an AdminClient per probe would open new connections every few seconds.
    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(adminProperties);
                    admin = current;
                }
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
