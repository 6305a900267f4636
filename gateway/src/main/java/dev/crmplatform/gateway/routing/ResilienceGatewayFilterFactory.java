package dev.crmplatform.gateway.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.crmplatform.gateway.problem.Problems;
import dev.crmplatform.gateway.web.BodySizeLimitFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/**
 * Per-route resilience, outermost first: circuit breaker, then the time limiter over the whole call, then retries
 * (GET/HEAD only, exponential backoff) inside that time budget. Putting the time limiter outside the retries is what
 * makes "a 503 within the timeout plus 100 ms" hold even when retries are under way. The breaker sees one outcome
 * per client request: a timeout, a connection failure or a 502/503/504 counts as a failure.
 * <p>
 * Configured with the standard resilience4j properties, instance name = service id (e.g.
 * {@code resilience4j.timelimiter.instances.customer-service.timeout-duration}); breaker state is exported as
 * metrics and in /actuator/health by resilience4j-spring-boot4.
 */
@Component
public class ResilienceGatewayFilterFactory implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ResilienceGatewayFilterFactory.class);
    private static final Set<Integer> UNAVAILABLE_STATUSES = Set.of(502, 503, 504);

    /** Thrown inside the breaker for an answer that means "the service is not healthy". */
    static final class UnavailableStatusException extends IOException {
        UnavailableStatusException(int status) {
            super("Downstream answered " + status);
        }
    }

    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry timeLimiters;
    private final RetryRegistry retries;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ResilienceGatewayFilterFactory(CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters,
            RetryRegistry retries) {
        this.breakers = breakers;
        this.timeLimiters = timeLimiters;
        this.retries = retries;
    }

    public HandlerFilterFunction<ServerResponse, ServerResponse> apply(String serviceId) {
        CircuitBreaker breaker = breakers.circuitBreaker(serviceId);
        Duration timeout = timeLimiters.timeLimiter(serviceId).getTimeLimiterConfig().getTimeoutDuration();
        Retry baseRetry = retries.retry(serviceId);
        RetryConfig retryConfig = RetryConfig.<ServerResponse>from(baseRetry.getRetryConfig())
                .retryOnResult(r -> r != null && UNAVAILABLE_STATUSES.contains(r.statusCode().value()))
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of(serviceId + "-safe-methods", retryConfig);
        return (request, next) -> {
            if (!breaker.tryAcquirePermission()) {
                return unavailable(serviceId, request, "circuit breaker is open");
            }
            long start = breaker.getCurrentTimestamp();
            HttpMethod method = request.method();
            boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
            Callable<ServerResponse> call = () -> {
                // A retry replaces the previous attempt's (failed) downstream response: release its connection.
                closeClientResponse(request);
                return next.handle(request);
            };
            Callable<ServerResponse> attempt = safe ? Retry.decorateCallable(retry, call) : call;
            Future<ServerResponse> future = executor.submit(attempt);
            try {
                ServerResponse response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                long elapsed = breaker.getCurrentTimestamp() - start;
                if (UNAVAILABLE_STATUSES.contains(response.statusCode().value())) {
                    breaker.onError(elapsed, breaker.getTimestampUnit(),
                            new UnavailableStatusException(response.statusCode().value()));
                }
                else {
                    breaker.onSuccess(elapsed, breaker.getTimestampUnit());
                }
                return response;
            }
            catch (TimeoutException e) {
                future.cancel(true);
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                return unavailable(serviceId, request, "did not answer within " + timeout.toMillis() + " ms");
            }
            catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (BodySizeLimitFilter.isTooLarge(cause)) {
                    breaker.releasePermission();
                    return Problems.response(HttpStatus.CONTENT_TOO_LARGE, Problems.body(
                            HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                            "The request body exceeds the size limit", request.path()));
                }
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), cause);
                log.debug("{} failed: {}", serviceId, cause.toString());
                return unavailable(serviceId, request, "is unreachable");
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                breaker.releasePermission();
                return unavailable(serviceId, request, "request interrupted");
            }
        };
    }

    private static ServerResponse unavailable(String serviceId, ServerRequest request, String why) {
        Map<String, Object> body = Problems.body(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "Service unavailable", serviceId + " is unavailable: " + why, request.path());
        body.put("service", serviceId);
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(Problems.PROBLEM_JSON)
                .header("Retry-After", "1").body(body);
    }

    static void closeClientResponse(ServerRequest request) {
        Object r = request.attributes().get(MvcUtils.CLIENT_RESPONSE_ATTR);
        if (r instanceof ClientHttpResponse response) {
            request.attributes().remove(MvcUtils.CLIENT_RESPONSE_ATTR);
            response.close();
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
