package dev.crmplatform.sales.lead;

import dev.crmplatform.platform.web.problem.ProblemException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import org.springframework.http.HttpStatus;

/** 503 {@code service-unavailable}: customer-service did not answer (down, timed out, or its breaker is open). */
public class CustomerServiceUnavailableException extends ProblemException {

    /** Seconds a client should wait before retrying (the breaker's open time is of this order). */
    public static final int RETRY_AFTER_SECONDS = 10;

    public CustomerServiceUnavailableException(String detail, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable", detail);
        initCause(cause);
    }
}
