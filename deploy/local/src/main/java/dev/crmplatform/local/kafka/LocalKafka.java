package dev.crmplatform.local.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.crmplatform.local.LaunchException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside the launcher's JVM. Unlike the test brokers
 * its log directory is a stable folder, formatted once with a cluster id that is kept there, so a restart of the
 * launcher keeps every topic and event.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public LocalKafka(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logDirectory() {
        return directory.resolve("data");
    }

    public synchronized void start() {
        try {
            Files.createDirectories(logDirectory());
            Properties props = serverProperties();
            Path config = directory.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by the CRM local launcher on every start");
            }
            formatOnce(config);
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(props, false);
            server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            server.startup();
            awaitBroker();
        } catch (IOException e) {
            throw new LaunchException("Kafka could not use " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw new LaunchException("The in-process Kafka broker did not start: " + e.getMessage() + ". If its data "
                    + "is damaged, delete " + directory + " (loses all events) or set KAFKA_BOOTSTRAP_SERVERS to an "
                    + "external broker.", e);
        }
    }

    Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDirectory().toAbsolutePath().toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small footprint: few threads, small segments, a week of retention.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.retention.hours", "168");
        return p;
    }

    /** Formats the storage the first time only; a formatted directory keeps its cluster id and data. */
    private void formatOnce(Path config) {
        if (Files.exists(logDirectory().resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId,
                    "--ignore-formatted"}, ps);
        }
        if (exit != 0) {
            throw new IllegalStateException("formatting " + logDirectory() + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
        log.info("Formatted Kafka storage in {} (cluster id {})", logDirectory(), clusterId);
    }

    private void awaitBroker() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker does not answer on " + bootstrapServers(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("Kafka did not stop cleanly: {}", e.getMessage());
            }
            server = null;
        }
    }
}
