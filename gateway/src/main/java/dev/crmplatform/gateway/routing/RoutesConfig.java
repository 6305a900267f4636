package dev.crmplatform.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.routeId;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

import dev.crmplatform.gateway.config.GatewayProperties;

/**
 * One Server MVC route per configured service, covering its ARCHITECTURE §5 prefixes (paths are forwarded
 * unchanged). Filters, outermost first: scope check, internal identity (strip + internal JWT), resilience; then the
 * proxy. A service without a base URL has no route, so its paths are 404 like any unknown path.
 */
@Configuration(proxyBeanMethods = false)
public class RoutesConfig {

    private static final Logger log = LoggerFactory.getLogger(RoutesConfig.class);

    /**
     * Routes are looked up before the annotated controllers (admin API, JWKS, API docs), whose paths they never
     * overlap: almost every request is proxied, and a failed lookup among the controllers' patterns first was a
     * visible share of the gateway's CPU per request.
     */
    @Bean
    static BeanPostProcessor routesBeforeControllers() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RouterFunctionMapping mapping) {
                    mapping.setOrder(-1); // RequestMappingHandlerMapping is 0
                }
                return bean;
            }
        };
    }

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(GatewayProperties properties, ScopeCheckGatewayFilterFactory scopes,
            InternalIdentityGatewayFilterFactory identity, ResilienceGatewayFilterFactory resilience) {
        RouterFunctions.Builder all = RouterFunctions.route();
        int routes = 0;
        for (ServiceCatalog.ServiceDefinition service : ServiceCatalog.SERVICES) {
            String baseUrl = properties.services().get(service.name());
            if (baseUrl == null || baseUrl.isBlank()) {
                continue;
            }
            URI base = URI.create(baseUrl);
            RequestPredicate paths = service.prefixes().stream()
                    .map(prefix -> RequestPredicates.path(prefix).or(RequestPredicates.path(prefix + "/**")))
                    .reduce(RequestPredicate::or).orElseThrow();
            all.add(route(service.serviceId())
                    .route(paths, http())
                    .before(routeId(service.serviceId()))
                    .before(uri(base))
                    .filter(scopes.apply(service.area()))
                    .filter(identity.apply())
                    .filter(resilience.apply(service.serviceId()))
                    .build());
            routes++;
            log.info("Route {} -> {} for {}", service.serviceId(), base, service.prefixes());
        }
        if (routes == 0) {
            log.warn("No downstream service is configured (crm.gateway.services.*); only the admin API is served");
            return request -> java.util.Optional.empty();
        }
        return all.build();
    }
}
