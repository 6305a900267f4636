package dev.crmplatform.gateway.routing;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The proxy's HTTP client: Apache HttpClient 5 with a connection pool, blocking I/O on the request's own virtual
 * thread. The JDK HttpClient it replaced hands every exchange to its selector thread and back through several
 * asynchronous stages; in a profile under load that was the largest single cost of a proxied request.
 * <p>
 * A pure pass-through: no redirects followed, no retries (the resilience filter decides), no cookies, no
 * decompression (the client's Accept-Encoding and the service's Content-Encoding travel unchanged).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxyHttpClientConfig.HttpClientProperties.class)
public class ProxyHttpClientConfig {

    /**
     * The read timeout is only a backstop that frees abandoned connections; the per-route time limiter decides when
     * the client gets its 503. Idle pooled connections are closed after {@code idleTimeout} and revalidated when
     * they were idle for {@code validateAfterInactivity}, so a restarted service costs no failed request.
     */
    @ConfigurationProperties("crm.gateway.http-client")
    public record HttpClientProperties(@DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout, @DefaultValue("30s") Duration idleTimeout,
            @DefaultValue("2s") Duration validateAfterInactivity, @DefaultValue("500") int maxConnectionsPerService,
            @DefaultValue("2000") int maxConnections) {
    }

    @Bean(destroyMethod = "close")
    CloseableHttpClient gatewayHttpClient(HttpClientProperties properties) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                .setSocketTimeout(Timeout.of(properties.readTimeout()))
                .setValidateAfterInactivity(TimeValue.of(properties.validateAfterInactivity()))
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connections)
                        .setMaxConnPerRoute(properties.maxConnectionsPerService())
                        .setMaxConnTotal(properties.maxConnections())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.readTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .evictIdleConnections(TimeValue.of(properties.idleTimeout()))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    @Bean
    ClientHttpRequestFactory gatewayClientHttpRequestFactory(CloseableHttpClient gatewayHttpClient) {
        return new HttpComponentsClientHttpRequestFactory(gatewayHttpClient);
    }

    /** Replaces Spring Cloud Gateway's default (it backs off when a ProxyExchange bean exists). */
    @Bean
    KnownLengthProxyExchange gatewayProxyExchange(RestClient.Builder restClientBuilder,
            GatewayMvcProperties properties) {
        return new KnownLengthProxyExchange(restClientBuilder.build(), properties);
    }
}
