package dev.crmplatform.platform.test;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A dedicated in-process KRaft broker that a test can stop and start again, for "Kafka is down" scenarios.
 * Never use the shared {@code TestKafka} broker for that: other test classes of the JVM depend on it.
 *
 * <p>The broker is stopped in place ({@link BrokerServer#shutdown()}) and started again on the same port with the
 * same log directories, so everything written before the outage is still there and clients reconnect to the same
 * bootstrap address by themselves. The KRaft controller of the combined node keeps running meanwhile; clients only
 * talk to the broker listener, which is closed while stopped.
 */
public final class RestartableKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker embedded;
    private final String bootstrapServers;
    private volatile boolean running;

    private RestartableKafka(EmbeddedKafkaKraftBroker embedded) {
        this.embedded = embedded;
        this.bootstrapServers = embedded.getBrokersAsString();
        this.running = true;
    }

    /**
     * Starts a new single-node broker (about 3 s).
     *
     * @param partitions partitions of {@code topics} and of auto-created topics
     * @param topics     topics to create up front
     */
    public static RestartableKafka start(int partitions, String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        broker.brokerProperties(Map.of(
                "num.partitions", String.valueOf(partitions),
                "auto.create.topics.enable", "true",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new RestartableKafka(broker);
    }

    /** Stable across {@link #stop()}/{@link #start()}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isRunning() {
        return running;
    }

    /** Takes the broker down: its port refuses connections until {@link #start()}. Idempotent. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
        running = false;
    }

    /** Brings the broker back on the same port with its data, and waits until it is ready. Idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        broker().startup();
        try {
            embedded.getCluster().waitForReadyBrokers();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka broker did not become ready after restart", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting the Kafka broker", e);
        }
        running = true;
    }

    /** The underlying broker, e.g. for {@code addTopics} or {@code doWithAdmin}. */
    public EmbeddedKafkaKraftBroker embedded() {
        return embedded;
    }

    private BrokerServer broker() {
        return embedded.getCluster().brokers().values().iterator().next();
    }

    @Override
    public synchronized void close() {
        embedded.destroy();
        running = false;
    }
}
