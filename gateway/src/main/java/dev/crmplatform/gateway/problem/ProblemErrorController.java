package dev.crmplatform.gateway.problem;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error}, where Tomcat sends whatever ends outside Spring MVC: an exception from a
 * filter, a {@code sendError} from Spring Security's firewall (a {@code ;}, an encoded {@code .} or {@code %} in the
 * URL), Tomcat's 405 for TRACE. Boot answered those with its own JSON ({@code timestamp}, {@code error}, ...); here
 * they are problems like every other answer of the gateway, and a 500 shows nothing of its cause.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri != null ? uri.toString() : request.getRequestURI();
        // No logging here: Tomcat has logged an exception that reached it, with its stack trace.
        Map<String, Object> body = Problems.forStatus(status, path);
        return ResponseEntity.status(status).contentType(Problems.PROBLEM_JSON).body(body);
    }

    private static HttpStatus status(Object code) {
        if (code == null) {
            return HttpStatus.NOT_FOUND; // asked for /error itself, not an error dispatch: there is nothing here
        }
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
