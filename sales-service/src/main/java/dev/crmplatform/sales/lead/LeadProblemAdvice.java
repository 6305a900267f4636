package dev.crmplatform.sales.lead;

import dev.crmplatform.platform.web.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Adds {@code Retry-After} to the 503 of an unavailable customer-service (the platform handler renders the rest). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LeadProblemAdvice {

    @ExceptionHandler(CustomerServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CustomerServiceUnavailableException ex, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(ex, request.getRequestURI());
        return ResponseEntity.status(ex.getStatus())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(CustomerServiceUnavailableException.RETRY_AFTER_SECONDS))
                .body(problem);
    }
}
