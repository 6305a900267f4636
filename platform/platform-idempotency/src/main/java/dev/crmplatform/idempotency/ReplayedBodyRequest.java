package dev.crmplatform.idempotency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Hands a body the filter already consumed (to fingerprint it) to the handler again. Blocking reads only: the
 * filters run before any async handling.
 */
public class ReplayedBodyRequest extends HttpServletRequestWrapper {

    /** Opens the consumed body from its start (kept in memory or spooled to a file). */
    @FunctionalInterface
    public interface Body {

        InputStream open() throws IOException;
    }

    private final Body body;
    private ServletInputStream stream;
    private BufferedReader reader;

    public ReplayedBodyRequest(HttpServletRequest request, Body body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            InputStream in = body.open();
            stream = new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Non-blocking reads are not supported");
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
        return reader;
    }
}
