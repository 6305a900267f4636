package dev.crmplatform.platform.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.boot.webmvc.error.ErrorController;

/**
 * Replaces Boot's {@code /error} endpoint so failures outside Spring MVC (a filter throwing, the container rejecting
 * a request) are problem+json too, with the same stable types and no internals.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping
    public ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.resolve(i)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri != null ? uri.toString() : request.getRequestURI();
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);

        ProblemException problemException = CrmProblemHandler.findCause(exception, ProblemException.class);
        ProblemDetail problem;
        if (problemException != null) {
            problem = Problems.of(problemException, path);
        }
        else if (status.is5xxServerError()) {
            log.error("Unhandled error for {} [requestId={}]", path, MDC.get(Problems.REQUEST_ID), exception);
            problem = Problems.of(status, ProblemTypes.INTERNAL_ERROR, "Internal error",
                    CrmProblemHandler.GENERIC_500_DETAIL, path);
            String requestId = MDC.get(Problems.REQUEST_ID);
            if (requestId != null) {
                problem.setProperty(Problems.REQUEST_ID, requestId);
            }
        }
        else {
            problem = Problems.of(status, ProblemTypes.forStatus(status), Problems.defaultTitle(status), null, path);
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toJson(problem));
    }
}
