package dev.crmplatform.local.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.crmplatform.local.LaunchException;

/**
 * A running service: its own JVM ({@code java -jar <exec jar>}, own classpath), output prefixed on the console and
 * appended to {@code <logs>/<name>.log}, readiness polling and graceful stop.
 */
public final class ServiceProcess {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final int TAIL_LINES = 40;

    private final ServiceSpec spec;
    private final Process process;
    private final Path logFile;
    private final Deque<String> tail = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Thread pump;

    private ServiceProcess(ServiceSpec spec, Process process, Path logFile) {
        this.spec = spec;
        this.process = process;
        this.logFile = logFile;
    }

    public static ServiceProcess start(ServiceSpec spec, Path jar, List<String> jvmOptions, Path agentJar,
            Map<String, String> env, Path logDir, PrintStream console) throws IOException {
        List<String> command = new ArrayList<>();
        // Own session on Linux: Ctrl-C's SIGINT reaches only the launcher, which stops services in order (services
        // before Kafka), instead of every process at once.
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-javaagent:" + agentJar.toAbsolutePath() + "=" + ProcessHandle.current().pid());
        command.add("-Dcrm.local.service=" + spec.name());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Files.createDirectories(logDir);
        Path logFile = logDir.resolve(spec.name() + ".log");
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(spec, process, logFile);
        service.pump = new Thread(() -> service.pump(console), "output-" + spec.name());
        service.pump.setDaemon(true);
        service.pump.start();
        return service;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pump(PrintStream console) {
        String prefix = String.format("%-10s| ", spec.name());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            file.write("==== started " + Instant.now() + " pid " + process.pid() + " ====\n");
            String line;
            while ((line = in.readLine()) != null) {
                if (console != null) {
                    console.println(prefix + line);
                }
                file.write(line);
                file.write('\n');
                file.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Output of {} ended: {}", spec.name(), e.getMessage());
        }
    }

    /** Polls its readiness group until it reports UP; fails fast when the process exits. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String url = spec.healthUrl();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LaunchException(spec.name() + " exited with code " + process.exitValue()
                        + " during startup. Last output (full log: " + logFile + "):\n" + tail());
            }
            if (ready(url)) {
                return;
            }
            try {
                // Doubles as the poll interval and as the exit check.
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("Interrupted while waiting for " + spec.name());
            }
        }
        throw new LaunchException(spec.name() + " was not ready within " + timeout.toSeconds() + " s (" + url
                + "). Last output (full log: " + logFile + "):\n" + tail());
    }

    private boolean ready(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (Spring's graceful shutdown: in-flight requests finish, the outbox relay stops), then SIGKILL. */
    public void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        // Through the handle: Process.destroy() would also close our end of its output pipe, losing the shutdown log.
        process.toHandle().destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            pump.join(2000);
            log.info("{} stopped (exit code {})", spec.name(), process.exitValue());
        } catch (TimeoutException e) {
            log.warn("{} did not stop within {} s: killing it", spec.name(), timeout.toSeconds());
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException e) {
            process.destroyForcibly();
        }
    }

    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    public ServiceSpec spec() {
        return spec;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }
}
