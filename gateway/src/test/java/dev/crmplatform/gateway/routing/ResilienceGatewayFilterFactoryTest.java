package dev.crmplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

/** What counts against a route's breaker: failures of the service, never the client's or the gateway's own. */
class ResilienceGatewayFilterFactoryTest {

    private static final String SERVICE = "customer-service";

    // As in application.yml: retries only for I/O errors, a breaker that judges after a few calls.
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).permittedNumberOfCallsInHalfOpenState(1).build());
    private final ResilienceGatewayFilterFactory factory = new ResilienceGatewayFilterFactory(breakers,
            TimeLimiterRegistry.ofDefaults(), RetryRegistry.of(RetryConfig.custom().maxAttempts(2)
                    .waitDuration(Duration.ofMillis(1))
                    .retryExceptions(IOException.class, ResourceAccessException.class).build()));
    private final HandlerFilterFunction<ServerResponse, ServerResponse> filter = factory.apply(SERVICE);
    private final CircuitBreaker breaker = breakers.circuitBreaker(SERVICE);

    @AfterEach
    void stop() {
        factory.destroy();
    }

    @Test
    void aBugIsRethrownAndReleasesTheBreakersPermission() {
        // Half open with one trial call: a permission that is not given back would keep the breaker from closing.
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        assertThatThrownBy(() -> filter.filter(get(), r -> {
            throw new IllegalArgumentException("Invalid encoded sequence");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        ServerResponse trial = call(r -> ServerResponse.ok().build());
        assertThat(trial.statusCode().value()).isEqualTo(200);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void bugsNeverOpenTheBreaker() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> filter.filter(get(), r -> {
                throw new IllegalStateException("a bug");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void anUnreachableServiceCountsAndIsA503() {
        for (int i = 0; i < 4; i++) {
            ServerResponse r = call(request -> {
                throw new ResourceAccessException("I/O error", new ConnectException("Connection refused"));
            });
            assertThat(r.statusCode().value()).isEqualTo(503);
        }
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(4);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aClientThatBreaksOffItsBodyIsA400AndDoesNotCount() {
        ServerResponse r = call(request -> {
            throw new ResourceAccessException("I/O error", new ClientAbortException(new IOException("reset")));
        });
        assertThat(r.statusCode().value()).isEqualTo(400);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    private ServerResponse call(HandlerFunction<ServerResponse> next) {
        try {
            return filter.filter(get(), next);
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ServerRequest get() {
        return ServerRequest.create(new MockHttpServletRequest("GET", "/api/v1/customers"), List.of());
    }
}
