package dev.crmplatform.platform.web.problem;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.crmplatform.platform.web.UnsupportedDateParameterException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Maps every exception that escapes a controller onto an RFC 9457 problem with a stable type URI
 * ({@link ProblemTypes}), {@code instance} = request path, and {@code errors: [{field, message}]} for field-level
 * failures. Server-side failures become a generic 500 {@code internal-error}: the client gets the request id, the log
 * gets the stack trace.
 *
 * <p>Ordered last: the first advice with a matching handler wins, and this one handles {@code Exception}, so a
 * service advice must have a higher precedence (any {@code @Order} below {@code LOWEST_PRECEDENCE}, or none: user
 * beans register before auto-configured ones).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class CrmProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CrmProblemHandler.class);

    /** character_not_in_repertoire (e.g. NUL in text) and untranslatable_character. */
    private static final Set<String> UNSTORABLE_CHARACTER_STATES = Set.of("22021", "22P05");
    /** datetime_field_overflow: "timestamp out of range" and "date out of range". */
    private static final String DATETIME_OVERFLOW_STATE = "22008";

    static final String GENERIC_500_DETAIL = "An unexpected error occurred. Quote the request id when reporting it.";

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
        return respond(Problems.of(ex, path(request)), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldErrorView> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldErrorView(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return respond(validationProblem(errors, request), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    public ResponseEntity<Object> handleOptimisticLock(OptimisticLockingFailureException ex, WebRequest request) {
        return respond(Problems.of(HttpStatus.CONFLICT, ProblemTypes.CONCURRENT_MODIFICATION, "Concurrent modification",
                "The resource was modified concurrently; reload it and retry", path(request)), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    public ResponseEntity<Object> handleDuplicateKey(DuplicateKeyException ex, WebRequest request) {
        // The constraint name and values stay in the log; they can reveal other rows.
        log.info("Duplicate key: {}", ex.getMostSpecificCause().getMessage());
        return respond(Problems.of(HttpStatus.CONFLICT, ProblemTypes.DUPLICATE, "Duplicate",
                "A resource with the same unique values already exists", path(request)), HttpHeaders.EMPTY);
    }

    /** Method security denials thrown inside MVC must stay 403, not fall through to the 500 handler. */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, WebRequest request) {
        return respond(Problems.of(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                "The token lacks the scope required for this operation", path(request)), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<Object> handleAuthentication(AuthenticationException ex, WebRequest request) {
        return respond(Problems.of(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                "A valid bearer token is required", path(request)), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return handleProblem(tooLarge, request);
        }
        // A NUL or another character PostgreSQL cannot store as text: JSON strings are checked while reading
        // (StorableStringDeserializer), but query parameters and other input can still carry one into SQL.
        SQLException sql = findCause(ex, SQLException.class);
        if (sql != null && UNSTORABLE_CHARACTER_STATES.contains(sql.getSQLState())) {
            return respond(Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.BAD_REQUEST, "Bad request",
                    "The request contains a character that cannot be stored, such as U+0000", path(request)),
                    HttpHeaders.EMPTY);
        }
        // A date beyond what PostgreSQL stores: request dates are range-checked while reading (Timestamps), so this
        // is a safety net for values a service parses or computes itself from what the client sent.
        if (sql != null && DATETIME_OVERFLOW_STATE.equals(sql.getSQLState())) {
            return respond(Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.BAD_REQUEST, "Bad request",
                    "The request contains a date or time outside the supported years 0001 to 9999", path(request)),
                    HttpHeaders.EMPTY);
        }
        // Exceptions annotated with @ResponseStatus keep their declared (client) status.
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
        if (declared != null && !declared.code().is5xxServerError()) {
            HttpStatus status = declared.code();
            String detail = declared.reason().isEmpty() ? null : declared.reason();
            return respond(Problems.of(status, ProblemTypes.forStatus(status), Problems.defaultTitle(status), detail,
                    path(request)), HttpHeaders.EMPTY);
        }
        return respond(internalError(ex, request), HttpHeaders.EMPTY);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = toProblem(ex, status, request);
        return super.handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()),
                request);
    }

    private ProblemDetail toProblem(Exception ex, HttpStatusCode status, WebRequest request) {
        String path = path(request);
        if (status.is5xxServerError() && !(ex instanceof AsyncRequestTimeoutException)) {
            return internalError(ex, request);
        }
        // A well-formed date parameter outside the supported years: a validation failure like the same in a body.
        UnsupportedDateParameterException badDate = findCause(ex, UnsupportedDateParameterException.class);
        if (badDate != null && ex instanceof TypeMismatchException mismatch) {
            return validationProblem(
                    List.of(new FieldErrorView(String.valueOf(mismatch.getPropertyName()), badDate.getMessage())),
                    request);
        }
        return switch (ex) {
            case MethodArgumentNotValidException e -> validationProblem(fieldErrors(e), request);
            case HandlerMethodValidationException e -> validationProblem(fieldErrors(e), request);
            case HttpMessageNotReadableException e -> unreadable(e, request);
            case MethodArgumentTypeMismatchException e -> invalidValue(
                    List.of(new FieldErrorView(e.getName(), expectation(e.getRequiredType()))), path);
            case TypeMismatchException e -> invalidValue(
                    List.of(new FieldErrorView(String.valueOf(e.getPropertyName()), expectation(e.getRequiredType()))),
                    path);
            case MissingServletRequestParameterException e -> missing(e.getParameterName(), "query parameter", path);
            case MissingRequestHeaderException e -> missing(e.getHeaderName(), "header", path);
            case MissingServletRequestPartException e -> missing(e.getRequestPartName(), "request part", path);
            case HttpRequestMethodNotSupportedException e -> Problems.of(status, ProblemTypes.METHOD_NOT_ALLOWED,
                    "Method not allowed", "Method " + e.getMethod() + " is not supported for this resource", path);
            case HttpMediaTypeNotAcceptableException e -> Problems.of(status, ProblemTypes.NOT_ACCEPTABLE,
                    "Not acceptable", "Acceptable representations: " + e.getSupportedMediaTypes(), path);
            case HttpMediaTypeNotSupportedException e -> Problems.of(status, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type", "Content type " + e.getContentType()
                            + " is not supported; supported: " + e.getSupportedMediaTypes(), path);
            case NoResourceFoundException e -> notFound(request);
            case NoHandlerFoundException e -> notFound(request);
            case MaxUploadSizeExceededException e -> Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                    ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", "The upload exceeds the size limit", path);
            case AsyncRequestTimeoutException e -> Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable", "The request timed out", path);
            case ErrorResponse e -> Problems.of(status, ProblemTypes.forStatus(status), Problems.defaultTitle(status),
                    e.getBody().getDetail(), path);
            default -> Problems.of(status, ProblemTypes.forStatus(status), Problems.defaultTitle(status), null, path);
        };
    }

    private ProblemDetail unreadable(HttpMessageNotReadableException ex, WebRequest request) {
        String path = path(request);
        PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return Problems.of(tooLarge, path);
        }
        Throwable cause = ex.getCause();
        Optional<InvalidRequestException> invalid = cause instanceof JacksonException e ? JsonFieldErrors.problem(e)
                : Optional.empty();
        if (invalid.isPresent()) {
            return Problems.of(invalid.get(), path);
        }
        String detail;
        if (cause instanceof StreamReadException) {
            detail = "The request body is not valid JSON";
        }
        else if (cause instanceof JacksonException) {
            detail = "The request body could not be read as the expected JSON document";
        }
        else {
            detail = "The request body is missing or unreadable";
        }
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, "Malformed request body", detail, path);
    }

    private ProblemDetail validationProblem(List<FieldErrorView> errors, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED,
                "Validation failed", "The request has " + errors.size() + " invalid field(s)", path(request));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail invalidValue(List<FieldErrorView> errors, String path) {
        return Problems.of(InvalidRequestException.invalidValue(errors), path);
    }

    private static ProblemDetail missing(String name, String kind, String path) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.MISSING_PARAMETER,
                "Missing parameter", "Required " + kind + " '" + name + "' is missing", path);
        problem.setProperty("errors", List.of(new FieldErrorView(name, "is required")));
        return problem;
    }

    private ProblemDetail notFound(WebRequest request) {
        return Problems.of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Resource not found",
                "No resource at this path", path(request));
    }

    private ProblemDetail internalError(Exception ex, WebRequest request) {
        String requestId = MDC.get(Problems.REQUEST_ID);
        log.error("Unhandled exception for {} {} [requestId={}]", method(request), path(request), requestId, ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Internal error", GENERIC_500_DETAIL, path(request));
        if (requestId != null) {
            problem.setProperty(Problems.REQUEST_ID, requestId);
        }
        return problem;
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    static List<FieldErrorView> fieldErrors(MethodArgumentNotValidException ex) {
        List<FieldErrorView> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
                .forEach(e -> errors.add(new FieldErrorView(e.getField(), message(e))));
        ex.getBindingResult().getGlobalErrors()
                .forEach(e -> errors.add(new FieldErrorView(e.getObjectName(), message(e))));
        return errors;
    }

    static List<FieldErrorView> fieldErrors(HandlerMethodValidationException ex) {
        List<FieldErrorView> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String param = result.getMethodParameter().getParameterName();
            if (result instanceof ParameterErrors parameterErrors) {
                for (FieldError fe : parameterErrors.getFieldErrors()) {
                    errors.add(new FieldErrorView(fe.getField(), message(fe)));
                }
                parameterErrors.getGlobalErrors().forEach(ge -> errors.add(new FieldErrorView(param, message(ge))));
            }
            else {
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(new FieldErrorView(param == null ? "parameter" : param, message(error)));
                }
            }
        }
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.CROSS_PARAMETER || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            else if (node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? "request" : field.toString();
    }

    static String jsonPath(DatabindException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            }
            else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Human message for a wrong value; for enums it names the allowed values (they are part of the contract). */
    static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return "must be one of [" + allowed + "]";
        }
        return "must be " + article(typeName(type));
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || java.math.BigInteger.class == type) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "string";
        }
        if (type == java.util.UUID.class) {
            return "UUID";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "ISO-8601 " + (type == java.time.LocalDate.class ? "date" : "timestamp");
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String article(String noun) {
        return ("aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 && !noun.equals("UUID") ? "an " : "a ") + noun;
    }

    static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        Throwable current = ex;
        for (int depth = 0; current != null && depth < 20; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }

    static String path(WebRequest request) {
        if (request instanceof NativeWebRequest nwr
                && nwr.getNativeRequest(HttpServletRequest.class) instanceof HttpServletRequest http) {
            return http.getRequestURI();
        }
        return null;
    }

    private static String method(WebRequest request) {
        if (request instanceof NativeWebRequest nwr
                && nwr.getNativeRequest(HttpServletRequest.class) instanceof HttpServletRequest http) {
            return http.getMethod();
        }
        return "?";
    }
}
