package dev.crmplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.crmplatform.gateway.support.GatewayITSupport;
import dev.crmplatform.gateway.support.RawHttp;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Requests the client got wrong: always a 400 problem, never forwarded, never a 5xx, and never counted against a
 * downstream's circuit breaker (which every tenant shares).
 */
class MalformedRequestIT extends GatewayITSupport {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void malformedPercentEscapesAre400AndNeverReachTheBreaker() {
        CircuitBreaker breaker = breakers.circuitBreaker("customer-service");
        String key = createKey(createTenant("escapes"), "customers:read").key();
        String otherKey = createKey(createTenant("bystander"), "customers:read").key();
        int failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        int forwardedBefore = CUSTOMERS.requests();

        // The QA run: twelve in a row (production's breaker opens after ten failures).
        for (int i = 0; i < 12; i++) {
            assertProblem(RawHttp.send(port, "GET", "/api/v1/customers?q=%zz", "X-API-Key", key), 400,
                    "bad-request");
        }
        for (String target : List.of("/api/v1/customers?q=%", "/api/v1/customers?q=%4", "/api/v1/customers?q=a%2",
                "/api/v1/customers?q=%ff", "/api/v1/customers?ok=1&q=%C3%28")) {
            RawHttp.Response r = RawHttp.send(port, "GET", target, "X-API-Key", key);
            assertProblem(r, 400, "bad-request");
            assertThat(r.header("X-Request-Id")).as(target).isPresent();
        }
        // The admin API parsed such a query itself and failed with a 500.
        assertProblem(RawHttp.send(port, "GET", "/api/v1/admin/tenants?cursor=%zz", "X-API-Key", ADMIN_KEY), 400,
                "bad-request");

        assertThat(CUSTOMERS.requests()).isEqualTo(forwardedBefore);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // Well-formed escapes, multi-byte UTF-8 included, are forwarded.
        RawHttp.Response ok = RawHttp.send(port, "GET", "/api/v1/customers?q=%C3%A9mile%20%2B1", "X-API-Key", otherKey);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("query").asString()).startsWith("q=%C3%A9mile");
    }

    @Test
    void aQueryTheProxyCannotParseIsA400AndNotAnUnreachableService() {
        // Well-formed, but more parameters than Tomcat parses (1000): only the route finds out, while forwarding.
        CircuitBreaker breaker = breakers.circuitBreaker("customer-service");
        String key = createKey(createTenant("parameters"), "customers:read").key();
        int failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        int forwardedBefore = CUSTOMERS.requests();
        String query = IntStream.range(0, 1_100).mapToObj(i -> "p" + i + "=1")
                .collect(Collectors.joining("&"));

        assertProblem(send("GET", "/api/v1/customers?" + query, null, "X-API-Key", key), 400, "bad-request");

        assertThat(CUSTOMERS.requests()).isEqualTo(forwardedBefore);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
    }

    @Test
    void urlsSpringSecuritysFirewallRejectsAre400Problems() {
        String key = createKey(createTenant("firewall"), "customers:read", "customers:write").key();
        int forwardedBefore = CUSTOMERS.requests();
        for (String target : List.of("/api/v1/customers;x=1", "/api/v1/customers/%2e%2e/customers",
                "/api/v1/customers/%25zz", "/api/v1/customers//x")) {
            assertProblem(RawHttp.send(port, "GET", target, "X-API-Key", key), 400, "bad-request");
        }
        assertProblem(RawHttp.send(port, "PUT", "/api/v1/customers/" + UUID.randomUUID() + "/tags/a;b", "X-API-Key",
                key, "Content-Length", "0"), 400, "bad-request");
        assertThat(CUSTOMERS.requests()).isEqualTo(forwardedBefore);
    }

    @Test
    void urlsTomcatRejectsItselfAre400Problems() {
        String key = createKey(createTenant("tomcat"), "customers:read", "customers:write").key();
        int forwardedBefore = CUSTOMERS.requests();
        UUID id = UUID.randomUUID();
        assertProblem(RawHttp.send(port, "PUT", "/api/v1/customers/" + id + "/tags/a%2Fb", "X-API-Key", key,
                "Content-Length", "0"), 400, "bad-request");
        for (String target : List.of("/api/v1/customers/" + id + "%00", "/api/v1/customers?q=\u00e9mile",
                "/api/v1/customers/%zz")) {
            RawHttp.Response r = RawHttp.send(port, "GET", target, "X-API-Key", key);
            assertProblem(r, 400, "bad-request");
            assertThat(r.body()).as(target).doesNotContain("Tomcat").doesNotContain("<html");
        }
        assertThat(CUSTOMERS.requests()).isEqualTo(forwardedBefore);
    }

    @Test
    void traceIsA405Problem() {
        assertProblem(RawHttp.send(port, "TRACE", "/api/v1/customers"), 405, "method-not-allowed");
    }

    @Test
    void theErrorPathItselfIsNotFound() {
        assertProblem(send("GET", "/error", null), 404, "not-found");
        assertProblem(send("POST", "/error", "{}"), 404, "not-found");
    }

    @Test
    void anUnauthenticatedMalformedUrlIsRejectedBeforeAuthentication() {
        assertProblem(RawHttp.send(port, "GET", "/api/v1/customers?q=%zz&id=" + UUID.randomUUID()), 400,
                "bad-request");
    }
}
