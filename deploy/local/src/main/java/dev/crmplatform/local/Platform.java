package dev.crmplatform.local;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.crmplatform.local.demo.DemoData;
import dev.crmplatform.local.demo.SalesDemoData;
import dev.crmplatform.local.issuer.DemoTenant;
import dev.crmplatform.local.issuer.DevIssuer;
import dev.crmplatform.local.kafka.LocalKafka;
import dev.crmplatform.local.postgres.DatabaseBootstrap;
import dev.crmplatform.local.postgres.PgServer;
import dev.crmplatform.local.postgres.PostgresResolver;
import dev.crmplatform.local.redis.RedisResolver;
import dev.crmplatform.local.redis.RedisResolver.RedisEndpoint;
import dev.crmplatform.local.services.Infrastructure;
import dev.crmplatform.local.services.ServiceCatalog;
import dev.crmplatform.local.services.ServiceProcess;
import dev.crmplatform.local.services.ServiceSpec;
import dev.crmplatform.local.services.WatchdogAgentJar;

/**
 * Starts the platform in dependency order (PostgreSQL, Redis, Kafka, dev issuer, services) and stops it in reverse
 * order. {@link #stop()} runs from the JVM shutdown hook (Ctrl-C, SIGTERM) through the Spring context and is safe to
 * call after a partial start.
 */
public class Platform {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final LocalProperties properties;
    private final Map<String, String> env;
    private final PrintStream console;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Runnable> restarts = new LinkedHashMap<>();
    private PostgresResolver postgres;
    private LocalKafka kafka;
    private DevIssuer issuer;
    private volatile boolean stopping;

    public Platform(LocalProperties properties, Map<String, String> env, PrintStream console) {
        this.properties = properties;
        this.env = env;
        this.console = console;
    }

    public record Options(boolean demoData, boolean quiet) {
    }

    public void start(Options options) throws IOException {
        Path root = repoRoot();
        List<ServiceSpec> present = new ArrayList<>();
        Map<ServiceSpec, Path> jars = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceCatalog.all(properties.databasePrefix())) {
            Optional<Path> jar = spec.jar(root);
            if (jar.isPresent()) {
                present.add(spec);
                jars.put(spec, jar.get());
            } else if (java.nio.file.Files.isDirectory(root.resolve(spec.module()))) {
                log.warn("Skipping {}: {} is not built. Build it with `./mvnw -q -DskipTests package` (its pom needs the "
                        + "spring-boot-maven-plugin <classifier>exec</classifier>).", spec.name(),
                        root.resolve(spec.module()).resolve("target").resolve(spec.artifactId() + "-exec.jar"));
            }
        }
        if (present.isEmpty()) {
            throw new LaunchException("No service is built under " + root + ". Run `./mvnw -q -DskipTests package` first.");
        }
        boolean embeddedKafka = blank(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        for (ServiceSpec spec : present) {
            Ports.requireFree(spec.port(), spec.name());
        }
        Ports.requireFree(properties.issuerPort(), "OIDC dev issuer");
        if (embeddedKafka) {
            Ports.requireFree(properties.kafkaPort(), "Kafka");
            Ports.requireFree(properties.kafkaControllerPort(), "Kafka controller");
        }

        postgres = new PostgresResolver(env, properties.home(), properties.embeddedPostgresPort());
        PgServer pg = postgres.resolve();
        List<String> databases = present.stream().map(ServiceSpec::database).filter(Objects::nonNull).toList();
        List<String> created = DatabaseBootstrap.ensure(pg, databases);
        log.info("PostgreSQL: {}; databases {} (created now: {})", pg.description(), databases, created);

        RedisEndpoint redis = RedisResolver.resolve(env);
        if (redis.answering()) {
            log.info("Redis: {}", redis.description());
        } else {
            log.warn("Redis does not answer at {}:{}. The gateway starts without it and degrades (rate limits fail "
                    + "open, no shared API-key cache). Start it (`redis-server --daemonize yes`) or set "
                    + "CRM_REDIS_HOST/CRM_REDIS_PORT.", redis.host(), redis.port());
        }

        // The dev issuer's context starts on another thread while Kafka starts here: both take seconds.
        CompletableFuture<DevIssuer> issuerStart = CompletableFuture.supplyAsync(() -> DevIssuer.start(
                properties.issuerPort(), "http://localhost:" + properties.issuerPort(),
                properties.home().resolve("issuer")), Platform::newThread);
        String bootstrap;
        try {
            if (embeddedKafka) {
                kafka = new LocalKafka(properties.home().resolve("kafka"), properties.kafkaPort(),
                        properties.kafkaControllerPort());
                kafka.start();
                bootstrap = kafka.bootstrapServers();
                log.info("Kafka: in-process KRaft broker on {} (log dir {})", bootstrap, kafka.logDirectory());
            } else {
                bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
                log.info("Kafka: external {}", bootstrap);
            }
        } finally {
            // Even when Kafka failed: the issuer must be known to stop() so it is closed.
            issuer = awaitIssuer(issuerStart);
        }
        log.info("OIDC dev issuer: {}", issuer.issuerUri());

        String adminKey = blank(env.get("CRM_BOOTSTRAP_ADMIN_KEY")) ? BootstrapKeys.generate()
                : env.get("CRM_BOOTSTRAP_ADMIN_KEY");
        Map<String, String> serviceUrls = new LinkedHashMap<>();
        present.stream().filter(s -> s.gatewayKey() != null)
                .forEach(s -> serviceUrls.put(s.gatewayKey(), "http://127.0.0.1:" + s.port()));
        Infrastructure infra = new Infrastructure(pg, redis, bootstrap, issuer.issuerUri(), adminKey,
                "http://127.0.0.1:8080/.well-known/jwks.json", serviceUrls);

        Path agent = WatchdogAgentJar.write(properties.home().resolve("agent"));
        PrintStream childConsole = options.quiet() ? null : console;
        // All at once: they do not need each other to start (services fetch the gateway's JWKS lazily).
        for (ServiceSpec spec : present) {
            if (stopping) {
                return;
            }
            Map<String, String> serviceEnv = spec.env().apply(infra);
            services.add(ServiceProcess.start(spec, jars.get(spec), properties.childJvmOptions(), agent, serviceEnv,
                    properties.logs(), childConsole));
            log.info("Started {} (pid {}) from {}", spec.name(), services.getLast().pid(), jars.get(spec));
            restarts.put(spec.name(), () -> replaceService(spec, jars.get(spec), agent, serviceEnv, childConsole));
        }
        for (ServiceProcess service : services) {
            service.awaitReady(properties.readyTimeout());
            log.info("{} is ready on port {}", service.spec().name(), service.spec().port());
        }
        present.stream().filter(s -> s.name().equals("gateway")).findFirst().ifPresent(gateway ->
                DatabaseBootstrap.ensureTenant(pg, gateway.database(), DemoTenant.ID, "Demo tenant (dev issuer)"));
        printReady(present, adminKey, pg, redis, bootstrap);
        if (options.demoData()) {
            loadDemoData(present);
        }
    }

    /**
     * A plain thread, not the common pool: it inherits this thread's context class loader, which Spring needs inside
     * the launcher's executable jar.
     */
    private static Thread newThread(Runnable work) {
        Thread thread = new Thread(work, "crm-local-worker");
        thread.start();
        return thread;
    }

    private static DevIssuer awaitIssuer(CompletableFuture<DevIssuer> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw new LaunchException("The OIDC dev issuer did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void printReady(List<ServiceSpec> present, String adminKey, PgServer pg, RedisEndpoint redis,
            String kafkaBootstrap) {
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        boolean gateway = present.stream().anyMatch(s -> s.name().equals("gateway"));
        String users = DemoTenant.USERS.stream().map(DemoTenant.DemoUser::username).collect(Collectors.joining(", "));
        String line = "=".repeat(100);
        console.println(line);
        if (gateway) {
            console.printf("CRM platform READY in %.1f s: gateway http://localhost:8080 | Swagger UI "
                    + "http://localhost:8080/swagger-ui.html | admin key %s | dev users %s (password %s)%n",
                    seconds, adminKey, users, DemoTenant.PASSWORD);
        } else {
            console.printf("CRM platform READY in %.1f s WITHOUT the gateway (gateway/target/gateway-exec.jar is not "
                    + "built): services answer directly, e.g. http://localhost:8081 | dev users %s (password %s)%n",
                    seconds, users, DemoTenant.PASSWORD);
        }
        if (gateway) {
            console.println("  Admin API key   " + adminKey + "   e.g. curl -H 'Authorization: Bearer " + adminKey
                    + "' http://localhost:8080/api/v1/admin/tenants");
        }
        console.println("  Dev issuer      " + issuer.issuerUri() + "  tenant " + DemoTenant.ID + "; clients "
                + DemoTenant.FRONTEND_CLIENT + " (authorization code + PKCE), " + DemoTenant.CLI_CLIENT + "/"
                + DemoTenant.CLI_SECRET + " (client credentials)");
        console.println("  User token      curl -s -u " + DemoTenant.CLI_CLIENT + ":" + DemoTenant.CLI_SECRET
                + " -d grant_type=client_credentials " + issuer.tokenUri());
        for (ServiceProcess s : services) {
            console.printf("  %-15s http://localhost:%d  (pid %d, log %s)%n", s.spec().name(), s.spec().port(), s.pid(),
                    properties.logs().resolve(s.spec().name() + ".log"));
        }
        console.println("  PostgreSQL      " + pg.description() + "; Redis " + redis.host() + ":" + redis.port()
                + (redis.answering() ? "" : " (NOT answering)") + "; Kafka " + kafkaBootstrap);
        console.println("  Data            " + properties.home() + "   Ctrl-C stops everything.");
        console.println(line);
    }

    private void loadDemoData(List<ServiceSpec> present) {
        boolean routable = present.stream().anyMatch(s -> s.name().equals("gateway"))
                && present.stream().anyMatch(s -> s.name().equals("customer"));
        if (!routable) {
            console.println("--demo-data needs the gateway and customer-service; skipped.");
            return;
        }
        long started = System.currentTimeMillis();
        try {
            DemoData demo = new DemoData("http://127.0.0.1:8080", issuer.tokenUri());
            DemoData.Result result = demo.loadCustomers(1000);
            if (result.skipped()) {
                console.println("Demo data: the demo tenant already has customers; nothing loaded.");
            } else {
                console.printf("Demo data: %d customers created in tenant %s in %.1f s%s%n", result.created(),
                        DemoTenant.ID, (System.currentTimeMillis() - started) / 1000.0, result.replayedOrFailed() == 0
                                ? "" : " (" + result.replayedOrFailed() + " not created, first: " + result.firstError() + ")");
            }
            if (present.stream().anyMatch(s -> s.name().equals("sales"))) {
                long salesStarted = System.currentTimeMillis();
                SalesDemoData.Result sales = demo.loadSales();
                if (sales.skipped()) {
                    console.println("Demo data: the demo tenant already has leads; no sales data loaded.");
                } else {
                    console.printf("Demo data: %d leads, %d opportunities, %d orders, %d contracts, %d tasks in %.1f s%s%n",
                            sales.leads(), sales.opportunities(), sales.orders(), sales.contracts(), sales.tasks(),
                            (System.currentTimeMillis() - salesStarted) / 1000.0, sales.failed() == 0 ? ""
                                    : " (" + sales.failed() + " requests failed, first: " + sales.firstError() + ")");
                }
            }
        } catch (IOException e) {
            console.println("Demo data could not be loaded: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reverse order: services (graceful, in parallel), dev issuer, Kafka, embedded PostgreSQL. Idempotent. */
    public synchronized void stop() {
        if (stopping && stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        try {
            if (!services.isEmpty()) {
                log.info("Stopping {} service(s)...", services.size());
                List<Thread> stoppers = services.stream()
                        .map(s -> newThread(() -> s.stop(properties.stopTimeout())))
                        .toList();
                for (Thread stopper : stoppers) {
                    stopper.join();
                }
            }
            if (issuer != null) {
                issuer.close();
                issuer = null;
            }
            if (kafka != null) {
                log.info("Stopping Kafka...");
                kafka.close();
                kafka = null;
            }
            if (postgres != null) {
                postgres.close();
            }
            log.info("Everything stopped.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** Starts a stopped service again with the same jar and environment (failure drills, e2e), and waits for it. */
    public void restartService(String name) {
        Runnable restart = restarts.get(name);
        if (restart == null) {
            throw new IllegalArgumentException("no service " + name + " was started");
        }
        restart.run();
    }

    private synchronized void replaceService(ServiceSpec spec, Path jar, Path agent, Map<String, String> env,
            PrintStream console) {
        services.stream().filter(s -> s.spec().name().equals(spec.name())).findFirst().ifPresent(old -> {
            old.stop(properties.stopTimeout());
            services.remove(old);
        });
        try {
            ServiceProcess started = ServiceProcess.start(spec, jar, properties.childJvmOptions(), agent, env,
                    properties.logs(), console);
            services.add(started);
            started.awaitReady(properties.readyTimeout());
        } catch (IOException e) {
            throw new LaunchException(spec.name() + " did not restart: " + e.getMessage(), e);
        }
    }

    /** Stops the in-process Kafka broker, keeping its data (failure drills, e2e); services keep running and retry. */
    public synchronized void stopKafka() {
        requireEmbeddedKafka().close();
    }

    /** Starts the in-process broker again on the same port with the same data. */
    public synchronized void startKafka() {
        requireEmbeddedKafka().start();
    }

    private LocalKafka requireEmbeddedKafka() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka is external (KAFKA_BOOTSTRAP_SERVERS) or not started");
        }
        return kafka;
    }

    /** The checkout to run: crm.local.repo-root, else the nearest folder upwards that has deploy/local. */
    Path repoRoot() {
        if (properties.repoRoot() != null && !properties.repoRoot().toString().isBlank()) {
            return properties.repoRoot().toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (java.nio.file.Files.isDirectory(p.resolve("deploy").resolve("local"))
                    && java.nio.file.Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new LaunchException("Run the launcher from the repository checkout (no deploy/local found above " + dir
                + "), or set CRM_LOCAL_REPO_ROOT.");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
