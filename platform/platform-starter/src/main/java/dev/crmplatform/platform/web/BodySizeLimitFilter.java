package dev.crmplatform.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.crmplatform.platform.web.problem.PayloadTooLargeException;
import dev.crmplatform.platform.web.problem.Problems;

/**
 * Rejects request bodies above {@code crm.web.max-body-size} (or the large-body limit for the configured paths)
 * with a 413 problem before anything is processed.
 *
 * <p>A declared {@code Content-Length} above the limit is refused up front. Bodies without one (chunked) are counted
 * while being read; crossing the limit fails the read with an {@link IOException} whose cause is a
 * {@link PayloadTooLargeException}, which the exception handler turns into the same 413. Either way the request
 * fails before the handler could have written anything.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBodySize;
    private final long largeBodyMaxSize;
    private final List<PathPattern> largeBodyPaths;

    public BodySizeLimitFilter(CrmWebProperties properties) {
        this.maxBodySize = properties.maxBodySize().toBytes();
        this.largeBodyMaxSize = properties.largeBodyMaxSize().toBytes();
        this.largeBodyPaths = properties.largeBodyPaths().stream().map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    long limitFor(HttpServletRequest request) {
        if (!largeBodyPaths.isEmpty()) {
            PathContainer path = PathContainer.parsePath(pathWithinApplication(request));
            for (PathPattern pattern : largeBodyPaths) {
                if (pattern.matches(path)) {
                    return largeBodyMaxSize;
                }
            }
        }
        return maxBodySize;
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
                : uri;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            // Do not let the container try to drain a huge body before answering.
            response.setHeader("Connection", "close");
            Problems.write(response, Problems.of(new PayloadTooLargeException(limit), request.getRequestURI()));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** Counts bytes as they are read and fails once the limit is crossed. */
    static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
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

    static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new IOException("Request body exceeds " + limit + " bytes", new PayloadTooLargeException(limit));
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
