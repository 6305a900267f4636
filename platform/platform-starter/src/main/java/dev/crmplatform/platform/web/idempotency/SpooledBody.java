package dev.crmplatform.platform.web.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.crmplatform.idempotency.RequestFingerprint;

/**
 * A request body read once (to hash it) and replayable to the handler: kept in memory up to a threshold, spooled to a
 * temp file beyond it so large imports with an Idempotency-Key do not fill the heap.
 */
final class SpooledBody implements AutoCloseable {

    private byte[] bytes;
    private Path file;

    private SpooledBody() {
    }

    static SpooledBody read(InputStream in, long memoryThreshold, RequestFingerprint fingerprint) throws IOException {
        SpooledBody body = new SpooledBody();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStream out = memory;
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                fingerprint.bytes(buffer, 0, n);
                total += n;
                if (body.file == null && total > memoryThreshold) {
                    body.file = Files.createTempFile("crm-idempotent-body", ".bin");
                    out = Files.newOutputStream(body.file);
                    memory.writeTo(out);
                    memory = null;
                }
                out.write(buffer, 0, n);
            }
        }
        catch (IOException | RuntimeException ex) {
            body.close();
            throw ex;
        }
        finally {
            if (body.file != null) {
                out.close();
            }
        }
        if (body.file == null) {
            body.bytes = memory.toByteArray();
        }
        return body;
    }

    InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
