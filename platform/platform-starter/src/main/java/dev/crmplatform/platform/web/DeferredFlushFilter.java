package dev.crmplatform.platform.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a response that fits the container's buffer go out with a {@code Content-Length}, in one write.
 *
 * <p>Spring's message converters flush the body they wrote. A flush commits the response before its length is known,
 * so Tomcat sends every JSON answer chunked, and the closing chunk in a second write at the end of the request. On
 * the gateway path that costs each hop a system call, and the reader one more wake-up to find the end of the body.
 * Here flushes wait for the end of the request, when Tomcat knows the length. A body larger than the buffer still
 * streams: Tomcat writes (chunked) whenever its buffer is full. Streaming media types (server-sent events, NDJSON)
 * keep every flush.
 */
public class DeferredFlushFilter extends OncePerRequestFilter {

    private static final List<String> STREAMING_TYPES = List.of("text/event-stream", "application/x-ndjson",
            "application/stream+json");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new DeferredFlushResponse(response));
    }

    private static final class DeferredFlushResponse extends HttpServletResponseWrapper {

        private ServletOutputStream stream;

        DeferredFlushResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new DeferredFlushStream(super.getOutputStream(), this);
            }
            return stream;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (streaming()) {
                super.flushBuffer();
            }
        }

        boolean streaming() {
            String type = getContentType();
            return type != null && STREAMING_TYPES.stream().anyMatch(type::startsWith);
        }
    }

    private static final class DeferredFlushStream extends ServletOutputStream {

        private final ServletOutputStream delegate;
        private final DeferredFlushResponse response;

        DeferredFlushStream(ServletOutputStream delegate, DeferredFlushResponse response) {
            this.delegate = delegate;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (response.streaming()) {
                delegate.flush();
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
