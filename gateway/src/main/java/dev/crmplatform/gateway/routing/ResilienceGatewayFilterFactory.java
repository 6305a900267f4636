package dev.crmplatform.gateway.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.coyote.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
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
 * Per-route resilience, outermost first: circuit breaker, then the time limit over the whole call (a {@link Deadline}
 * on the request's own virtual thread), then retries (GET/HEAD only, exponential backoff) inside that time budget.
 * Putting the time limit outside the retries is what makes "a 503 within the timeout plus 100 ms" hold even when
 * retries are under way. The breaker sees one outcome per client request: a timeout, an I/O failure talking to the
 * service (the proxy's {@code ResourceAccessException}: connection refused or reset, read timeout) or a 502/503/504
 * counts as a failure. Anything else (a bug, a request that cannot be forwarded, a client that broke off) releases
 * the breaker's permission without an outcome: the breaker is shared by every tenant. The deadline relies on the
 * request threads being virtual ({@code spring.threads.virtual.enabled}, on in application.yml).
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
    private final ScheduledThreadPoolExecutor timeouts = timeoutScheduler();

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
            Deadline deadline = Deadline.start(timeouts, timeout);
            ServerResponse response = null;
            Exception failure = null;
            try {
                response = attempt.call();
            }
            catch (Exception e) {
                failure = e;
            }
            if (!deadline.finish()) {
                closeClientResponse(request);
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(),
                        new TimeoutException(serviceId + " did not answer within " + timeout.toMillis() + " ms"));
                return unavailable(serviceId, request, "did not answer within " + timeout.toMillis() + " ms");
            }
            long elapsed = breaker.getCurrentTimestamp() - start;
            if (failure == null) {
                if (UNAVAILABLE_STATUSES.contains(response.statusCode().value())) {
                    breaker.onError(elapsed, breaker.getTimestampUnit(),
                            new UnavailableStatusException(response.statusCode().value()));
                }
                else {
                    breaker.onSuccess(elapsed, breaker.getTimestampUnit());
                }
                return response;
            }
            if (BodySizeLimitFilter.isTooLarge(failure)) {
                breaker.releasePermission();
                return Problems.response(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                        "The request body exceeds the size limit", request.path());
            }
            if (fromClient(failure)) {
                breaker.releasePermission();
                return Problems.response(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                        "The request body could not be read", request.path());
            }
            if (!(failure instanceof ResourceAccessException || failure instanceof IOException)) {
                // A bug or input the gateway could not forward: it says nothing about the service, and every tenant
                // shares the breaker. The exception handlers answer it.
                breaker.releasePermission();
                throw failure;
            }
            breaker.onError(elapsed, breaker.getTimestampUnit(), failure);
            log.debug("{} failed: {}", serviceId, failure.toString());
            return unavailable(serviceId, request, "is unreachable");
        };
    }

    /**
     * An I/O failure on the client's side of the exchange (it aborted, or sent a broken body) while the proxy read
     * the request body to forward it: Tomcat reports those as {@link BadRequestException}s.
     */
    static boolean fromClient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BadRequestException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The route's time budget for one request, enforced on the request's own (virtual) thread: when it runs out, the
     * watchdog interrupts that thread, which closes the socket a blocked downstream read waits on (socket I/O of a
     * virtual thread is interruptible) and ends a retry's back-off sleep. Running the call on a second thread and
     * waiting for it, as a time limiter usually does, cost a thread hand-off per proxied request.
     */
    static final class Deadline implements Runnable {

        private static final int RUNNING = 0;
        private static final int FINISHED = 1;
        private static final int EXPIRED = 2;

        private final Thread caller = Thread.currentThread();
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile boolean interrupted;
        private volatile ScheduledFuture<?> watchdog;

        static Deadline start(ScheduledExecutorService timeouts, Duration timeout) {
            Deadline deadline = new Deadline();
            deadline.watchdog = timeouts.schedule(deadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
            return deadline;
        }

        @Override
        public void run() {
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                caller.interrupt();
                interrupted = true;
            }
        }

        /**
         * Ends the budget: true when the call finished in time. After an expiry the caller's interrupt is consumed
         * here, so the rest of the request (writing the 503) runs normally.
         */
        boolean finish() {
            if (state.compareAndSet(RUNNING, FINISHED)) {
                watchdog.cancel(false);
                return true;
            }
            while (!interrupted) {
                Thread.onSpinWait(); // the watchdog is between its state change and the interrupt
            }
            Thread.interrupted();
            return false;
        }
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

    private static ScheduledThreadPoolExecutor timeoutScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("gateway-route-timeouts").daemon().factory());
        scheduler.setRemoveOnCancelPolicy(true); // most deadlines are cancelled: keep the queue small
        return scheduler;
    }

    @Override
    public void destroy() {
        timeouts.shutdownNow();
    }
}
