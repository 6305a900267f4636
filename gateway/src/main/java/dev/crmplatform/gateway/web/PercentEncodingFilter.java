package dev.crmplatform.gateway.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.gateway.problem.Problems;

/**
 * 400 for a request URL with a malformed percent-escape: a {@code %} not followed by two hex digits, or escapes that
 * do not decode to UTF-8. Such a URL cannot be forwarded (building the downstream URI or parsing the parameters
 * fails), and it is the client's mistake: answering here, before authentication and routing, keeps it away from the
 * routes, where it once passed for an unreachable service and opened the breaker for every tenant. Tomcat already
 * rejects most malformed paths; the query string is left to the application, hence this filter. Runs right after
 * {@link RequestIdFilter}, so the answer still carries the request id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class PercentEncodingFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (wellFormed(request.getRequestURI()) && wellFormed(request.getQueryString())) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(request, response, HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                "The request URL has a malformed percent-escape: '%' must be followed by two hex digits, "
                        + "and the escaped bytes must be UTF-8");
    }

    /** True when every escape in the raw (still encoded) URL part is well formed and each run of them is UTF-8. */
    static boolean wellFormed(String raw) {
        int i = raw == null ? -1 : raw.indexOf('%');
        while (i >= 0) {
            int start = i;
            while (i < raw.length() && raw.charAt(i) == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 3;
            }
            // Literal characters are ASCII (Tomcat refuses others), so a multi-byte character is one run of escapes.
            if (!utf8(raw, start, i)) {
                return false;
            }
            i = raw.indexOf('%', i);
        }
        return true;
    }

    private static boolean utf8(String raw, int from, int to) {
        byte[] bytes = new byte[(to - from) / 3];
        for (int k = 0; k < bytes.length; k++) {
            int at = from + 3 * k;
            bytes[k] = (byte) (hex(raw.charAt(at + 1)) << 4 | hex(raw.charAt(at + 2)));
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)); // a new decoder reports errors
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }

    /** ASCII hex digits only ({@link Character#digit} would also take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
