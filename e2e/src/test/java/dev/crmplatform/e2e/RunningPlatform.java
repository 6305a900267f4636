package dev.crmplatform.e2e;

import dev.crmplatform.local.BootstrapKeys;
import dev.crmplatform.local.LocalProperties;
import dev.crmplatform.local.Platform;
import dev.crmplatform.local.services.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real platform, started once per JVM exactly as the launcher starts it (services as child processes from their
 * exec jars, in-process Kafka, the OIDC dev issuer), with its own data folder and a bootstrap admin key of its own.
 */
final class RunningPlatform {

    /**
     * Fresh databases per run, never the developer's {@code crm_*}: named like platform-test's databases
     * ({@code crmt_<what>_<epoch seconds>_<name>}) so a later test run drops them once they are stale.
     */
    private static final String DATABASE_PREFIX = "crmt_e2e_" + java.time.Instant.now().getEpochSecond() + "_";

    private static RunningPlatform instance;

    final Platform platform;
    final String adminKey;
    final int issuerPort;
    final String gateway = "http://127.0.0.1:8080";

    private RunningPlatform(Platform platform, String adminKey, int issuerPort) {
        this.platform = platform;
        this.adminKey = adminKey;
        this.issuerPort = issuerPort;
    }

    static synchronized RunningPlatform get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance.platform::stop, "e2e-platform-stop"));
        }
        return instance;
    }

    private static RunningPlatform start() {
        try {
            Path home = Files.createTempDirectory("crm-e2e-");
            int issuerPort = freePort();
            LocalProperties properties = new LocalProperties(home, null, Duration.ofSeconds(180), Duration.ofSeconds(30),
                    List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx256m", "-XX:TieredStopAtLevel=1"), issuerPort,
                    freePort(), freePort(), freePort(), DATABASE_PREFIX);
            String adminKey = BootstrapKeys.generate();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("CRM_BOOTSTRAP_ADMIN_KEY", adminKey);
            env.remove("KAFKA_BOOTSTRAP_SERVERS");
            PrintStream console = new PrintStream(Files.newOutputStream(home.resolve("console.log")), true);
            Platform platform = new Platform(properties, env, console);
            platform.start(new Platform.Options(false, true));
            return new RunningPlatform(platform, adminKey, issuerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ServiceProcess service(String name) {
        return platform.services().stream().filter(s -> s.spec().name().equals(name)).findFirst().orElseThrow();
    }

    void restartService(String name) {
        platform.restartService(name);
    }

    String tokenUri() {
        return "http://localhost:" + issuerPort + "/oauth2/token";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
