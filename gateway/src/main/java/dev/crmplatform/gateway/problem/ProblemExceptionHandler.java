package dev.crmplatform.gateway.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

import dev.crmplatform.gateway.web.BodySizeLimitFilter;

/** Every error of the gateway's own endpoints (admin API, docs, unknown paths) as problem+json. */
@RestControllerAdvice
@Order(0)
public class ProblemExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);
    /** Logs a client that went away at DEBUG under this category (its stack trace at TRACE). */
    private static final DisconnectedClientHelper disconnectedClients =
            new DisconnectedClientHelper(ProblemExceptionHandler.class.getName() + ".DisconnectedClient");

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Map<String, Object>> problem(ProblemException e, HttpServletRequest request) {
        Map<String, Object> body = Problems.body(e.status(), e.slug(), e.title(), e.getMessage(),
                request.getRequestURI());
        body.putAll(e.properties());
        return respond(e.status(), body);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Map<String, Object>> noRoute(Exception e, HttpServletRequest request) {
        return respond(HttpStatus.NOT_FOUND, Problems.body(HttpStatus.NOT_FOUND, "not-found",
                Problems.NOT_FOUND_TITLE, "No route for " + request.getMethod() + " " + request.getRequestURI(),
                request.getRequestURI()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", fe.getField(), "message", String.valueOf(fe.getDefaultMessage())));
        }
        e.getBindingResult().getGlobalErrors().forEach(
                ge -> errors.add(Map.of("field", ge.getObjectName(), "message", String.valueOf(ge.getDefaultMessage()))));
        return respond(HttpStatus.BAD_REQUEST,
                Problems.validation("The request body is invalid", request.getRequestURI(), errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalidParameters(HandlerMethodValidationException e,
            HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                Map.of("field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage())))));
        return respond(HttpStatus.BAD_REQUEST,
                Problems.validation("Request parameters are invalid", request.getRequestURI(), errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Map<String, Object>> constraintViolation(ConstraintViolationException e,
            HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getConstraintViolations().forEach(v -> {
            String path = v.getPropertyPath().toString();
            errors.add(Map.of("field", path.substring(path.lastIndexOf('.') + 1), "message", v.getMessage()));
        });
        return respond(HttpStatus.BAD_REQUEST,
                Problems.validation("Request parameters are invalid", request.getRequestURI(), errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e,
            HttpServletRequest request) {
        return respond(HttpStatus.BAD_REQUEST, Problems.validation("A parameter has an invalid value",
                request.getRequestURI(), List.of(Map.of("field", e.getName(), "message", "invalid value"))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e,
            HttpServletRequest request) {
        return respond(HttpStatus.BAD_REQUEST, Problems.body(HttpStatus.BAD_REQUEST, "missing-parameter",
                "Missing parameter", "Parameter '" + e.getParameterName() + "' is required", request.getRequestURI()));
    }

    /**
     * Tomcat could not parse the query parameters (too many of them, or a broken encoding); the proxy parses them for
     * every forwarded request, the admin API when it reads one.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Map<String, Object>> unparsableParameters(InvalidParameterException e,
            HttpServletRequest request) {
        return respond(HttpStatus.BAD_REQUEST, Problems.body(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                "The request parameters could not be parsed: too many of them, or not properly encoded",
                request.getRequestURI()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (BodySizeLimitFilter.isTooLarge(e)) {
            return respond(HttpStatus.CONTENT_TOO_LARGE, Problems.body(HttpStatus.CONTENT_TOO_LARGE,
                    "payload-too-large", "Payload too large", "The request body exceeds the size limit",
                    request.getRequestURI()));
        }
        return respond(HttpStatus.BAD_REQUEST, JsonBodyProblems.of(e, request.getRequestURI()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.body(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "Unsupported media type", e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e,
            HttpServletRequest request) {
        return respond(HttpStatus.NOT_ACCEPTABLE, Problems.body(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                "Not acceptable", e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, Problems.body(HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed", "Method not allowed", e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Map<String, Object>> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        return respond(HttpStatus.CONFLICT, Problems.body(HttpStatus.CONFLICT, "duplicate", "Duplicate",
                "A resource with the same unique attributes already exists", request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        // The client closed the connection while its response (e.g. the API docs) was written: there is no one to
        // answer, and it is not the gateway's error.
        if (disconnectedClients.checkAndLogClientDisconnectedException(e)) {
            return null;
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR,
                Problems.forStatus(HttpStatus.INTERNAL_SERVER_ERROR, request.getRequestURI()));
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(Problems.PROBLEM_JSON).body(body);
    }
}
