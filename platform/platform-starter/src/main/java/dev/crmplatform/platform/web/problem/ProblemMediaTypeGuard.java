package dev.crmplatform.platform.web.problem;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Keeps {@code application/problem+json} for problems. The generated controllers list it among what they produce
 * (their error responses), so a client accepting only problem+json would otherwise get a resource labelled as a
 * problem. The body goes out as {@code application/json} when the client accepts that too (content negotiation
 * picks problem+json when it comes first in Accept); otherwise the answer is 406 {@code not-acceptable}.
 */
@ControllerAdvice
public class ProblemMediaTypeGuard implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        // byte[] bodies are problems already serialised (ProblemErrorController).
        if (body instanceof ProblemDetail || body instanceof byte[]
                || !MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(selectedContentType)) {
            return body;
        }
        if (request.getHeaders().getAccept().stream()
                .anyMatch(accepted -> accepted.includes(MediaType.APPLICATION_JSON))) {
            // Set before the converter writes, which then keeps it instead of the negotiated type.
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            return body;
        }
        throw new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE,
                "This resource is available as application/json; application/problem+json is used for errors only");
    }
}
