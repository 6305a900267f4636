package dev.crmplatform.platform.web;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.platform.ids.Ids;
import dev.crmplatform.platform.web.problem.Problems;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, a new UUIDv7 otherwise. The id goes
 * into the MDC (so every log line of the request carries it) and onto every response, errors included.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

    // Echoing arbitrary client input into headers and logs invites log injection; accept only token characters.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(HEADER);
        if (requestId == null || !VALID.matcher(requestId).matches()) {
            requestId = Ids.newId().toString();
        }
        request.setAttribute(ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put(Problems.REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove(Problems.REQUEST_ID);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Error pages are rendered after the first pass returned; restore the id so their logs carry it too. */
    @Override
    protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        Object requestId = request.getAttribute(ATTRIBUTE);
        if (requestId == null) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(Problems.REQUEST_ID, requestId.toString());
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove(Problems.REQUEST_ID);
        }
    }
}
