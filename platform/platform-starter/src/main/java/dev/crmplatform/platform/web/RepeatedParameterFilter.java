package dev.crmplatform.platform.web;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.platform.web.problem.ProblemTypes;
import dev.crmplatform.platform.web.problem.Problems;

/**
 * Answers 400 when a query parameter is given more than once. Every query parameter of the APIs takes one value,
 * and Spring would quietly use the first value of an enum or a number but join the values of a string with commas
 * ({@code ?q=a&q=b} searched for "a,b"): a client sending two values meant something the API cannot do.
 */
public class RepeatedParameterFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<String> repeated = repeated(request.getQueryString());
        if (!repeated.isEmpty()) {
            Problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.BAD_REQUEST, "Bad request",
                    "Query parameter" + (repeated.size() == 1 ? " " : "s ") + String.join(", ", repeated)
                            + " can be given only once.", request.getRequestURI()));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The names (as sent, not decoded) of the parameters that occur more than once in the query string. */
    static Set<String> repeated(String query) {
        if (query == null || query.indexOf('&') < 0) {
            return Set.of();
        }
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new TreeSet<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.isEmpty() && !seen.add(name)) {
                repeated.add(name);
            }
        }
        return repeated;
    }
}
