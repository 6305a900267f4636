package dev.crmplatform.sales.lead;

import dev.crmplatform.contracts.customer.client.ApiClient;
import dev.crmplatform.contracts.customer.client.api.CustomersApi;
import dev.crmplatform.contracts.customer.client.model.Customer;
import dev.crmplatform.contracts.customer.client.model.CustomerCreateRequest;
import dev.crmplatform.platform.web.problem.BusinessRuleException;
import dev.crmplatform.platform.web.problem.ProblemException;
import dev.crmplatform.platform.web.problem.ProblemTypes;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import jakarta.annotation.PreDestroy;
import java.net.http.HttpClient;
import java.text.DateFormat;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * customer-service through its generated RestClient client, guarded by the Resilience4j instance
 * {@value #INSTANCE}: each attempt is bounded by the time limiter and counted by the circuit breaker; the retry
 * repeats failed attempts (safe: creates carry an Idempotency-Key). The caller's bearer token is forwarded.
 * customer-service not answering (refused, timed out, 5xx, breaker open) is a {@link CustomerServiceUnavailableException}.
 */
@Component
public class CustomerServiceClient {

    public static final String INSTANCE = "customer-service";
    private static final Logger log = LoggerFactory.getLogger(CustomerServiceClient.class);

    private final RestClient restClient;
    private final JsonMapper mapper;
    private final DateFormat dateFormat = ApiClient.createDefaultDateFormat();
    private final String baseUrl;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public CustomerServiceClient(CustomerServiceProperties properties, CircuitBreakerRegistry circuitBreakers,
                                 RetryRegistry retries, TimeLimiterRegistry timeLimiters) {
        this.mapper = ApiClient.createDefaultMapper(dateFormat);
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.readTimeout());
        this.restClient = ApiClient.buildRestClientBuilder(mapper).requestFactory(requestFactory).build();
        this.baseUrl = properties.baseUrl();
        this.circuitBreaker = circuitBreakers.circuitBreaker(INSTANCE);
        this.retry = retries.retry(INSTANCE);
        this.timeLimiter = timeLimiters.timeLimiter(INSTANCE);
    }

    /** What creating a customer gave: the new customer, or the id of the existing duplicate to link. */
    public sealed interface CreateResult {
        record Created(Customer customer) implements CreateResult { }
        record Duplicate(UUID existingId) implements CreateResult { }
    }

    public CreateResult createCustomer(CustomerCreateRequest request, String idempotencyKey, String bearerToken) {
        return guarded("create a customer", () -> {
            try {
                return new CreateResult.Created(api(bearerToken).createCustomer(request, false, idempotencyKey));
            } catch (HttpClientErrorException.Conflict e) {
                JsonNode problem = mapper.readTree(e.getResponseBodyAsString());
                JsonNode ids = problem.path("existingIds");
                if (ids.isArray() && !ids.isEmpty()) {
                    return new CreateResult.Duplicate(UUID.fromString(ids.get(0).asString()));
                }
                throw e;
            }
        });
    }

    public Customer getCustomer(UUID id, String bearerToken) {
        return guarded("read a customer", () -> api(bearerToken).getCustomer(id));
    }

    private CustomersApi api(String bearerToken) {
        // One ApiClient per call: it holds the bearer token of this caller.
        ApiClient client = new ApiClient(restClient, mapper, dateFormat);
        client.setBasePath(baseUrl);
        if (bearerToken != null) {
            client.setBearerToken(bearerToken);
        }
        return new CustomersApi(client);
    }

    private <T> T guarded(String what, Callable<T> call) {
        Callable<T> timed = TimeLimiter.decorateFutureSupplier(timeLimiter,
                () -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return call.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, executor));
        Callable<T> attempt = CircuitBreaker.decorateCallable(circuitBreaker, timed);
        try {
            return Retry.decorateCallable(retry, attempt).call();
        } catch (CallNotPermittedException e) {
            throw unavailable(what, "its circuit breaker is open", e);
        } catch (TimeoutException e) {
            throw unavailable(what, "it did not answer in time", e);
        } catch (ResourceAccessException e) {
            throw unavailable(what, "it could not be reached", e);
        } catch (HttpServerErrorException e) {
            throw unavailable(what, "it answered " + e.getStatusCode().value(), e);
        } catch (HttpClientErrorException e) {
            throw rejected(what, e);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable(what, "the call failed", e);
        }
    }

    private static CustomerServiceUnavailableException unavailable(String what, String why, Exception e) {
        log.warn("customer-service unavailable ({}): could not {}: {}", why, what, e.toString());
        return new CustomerServiceUnavailableException(
                "customer-service is unavailable (" + why + "), so the lead was not converted. Retry later.", e);
    }

    private ProblemException rejected(String what, HttpClientErrorException e) {
        if (e.getStatusCode().value() == HttpStatus.FORBIDDEN.value()) {
            return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                    "Converting a lead creates a customer, which needs the customers:write scope.");
        }
        String detail = null;
        try {
            detail = mapper.readTree(e.getResponseBodyAsString()).path("detail").asString(null);
        } catch (RuntimeException ignored) {
            // not a problem document
        }
        log.info("customer-service rejected the request to {}: {} {}", what, e.getStatusCode().value(), detail);
        return new BusinessRuleException("lead-not-convertible", "Lead cannot be converted",
                "customer-service rejected the customer made from this lead ("
                        + e.getStatusCode().value() + (detail == null ? "" : ": " + detail) + ").");
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
