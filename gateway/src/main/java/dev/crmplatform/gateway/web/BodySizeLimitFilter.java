package dev.crmplatform.gateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.problem.Problems;

/**
 * 413 for bodies over {@code crm.gateway.web.max-body-size} ({@code large-body-paths} get
 * {@code large-body-max-size}). A declared Content-Length is rejected before anything is read; a chunked body is
 * counted while it streams and the read fails with {@link PayloadTooLargeException} once it passes the limit.
 */
@Component
@Order(-150)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    /** Thrown from the body stream; the routes and the exception handler turn it into 413. */
    public static class PayloadTooLargeException extends IOException {
        public PayloadTooLargeException(long limit) {
            super("Request body exceeds " + limit + " bytes");
        }
    }

    private final GatewayProperties.Web properties;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public BodySizeLimitFilter(GatewayProperties properties) {
        this.properties = properties.web();
    }

    public static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getRequestURI());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            // Tell the client not to keep sending a body we will not read.
            response.setHeader("Connection", "close");
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                    "The request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
            return;
        }
        // HTTP/1.1 has a body only with a Content-Length (checked above) or a Transfer-Encoding: count the latter.
        boolean streamed = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        chain.doFilter(streamed ? new LimitedRequest(request, limit) : request, response);
    }

    private long limitFor(String path) {
        for (String pattern : properties.largeBodyPaths()) {
            if (matcher.match(pattern, path)) {
                return properties.largeBodyMaxSize().toBytes();
            }
        }
        return properties.maxBodySize().toBytes();
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = delegate.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
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
    }
}
