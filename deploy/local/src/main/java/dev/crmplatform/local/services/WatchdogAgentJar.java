package dev.crmplatform.local.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes the one-class agent jar of {@link ParentWatchdog} (the launcher's own jar cannot serve as an agent). */
public final class WatchdogAgentJar {

    private WatchdogAgentJar() {
    }

    public static Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve("crm-parent-watchdog.jar");
        Path tmp = Files.createTempFile(directory, "watchdog", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
        String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(tmp);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file " + entry + " not found");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
