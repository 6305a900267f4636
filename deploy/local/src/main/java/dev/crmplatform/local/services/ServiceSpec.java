package dev.crmplatform.local.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One application of the platform that the launcher starts as a child process.
 *
 * @param name       short name used as output prefix and log file name
 * @param module     module folder in the repository
 * @param artifactId its Maven artifactId; the runnable jar is {@code <module>/target/<artifactId>-exec.jar}
 * @param port       HTTP port
 * @param database   its PostgreSQL database, or null
 * @param gatewayKey key under {@code crm.gateway.services} that routes to it, or null
 * @param env        the environment variables it needs, given the resolved infrastructure
 */
public record ServiceSpec(String name, String module, String artifactId, int port, String database, String gatewayKey,
        Function<Infrastructure, Map<String, String>> env) {

    /** The exec jar, or the newest {@code target/*-exec.jar} (a module whose finalName keeps the version). */
    public Optional<Path> jar(Path repoRoot) {
        Path target = repoRoot.resolve(module).resolve("target");
        Path exact = target.resolve(artifactId + "-exec.jar");
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifactId)
                            && p.getFileName().toString().endsWith("-exec.jar"))
                    .max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1 : 1);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/actuator/health/readiness";
    }
}
