package dev.crmplatform.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Extra authorization rules of a service. Every bean of this type is applied (in {@code @Order}) BEFORE the platform
 * defaults, so its matchers win over the generic scope-area rule and {@code anyRequest().authenticated()}. Do not call
 * {@code anyRequest()} here.
 *
 * <pre>{@code
 * @Bean CrmAuthorizationCustomizer importRules() {
 *     return auth -> auth.requestMatchers(HttpMethod.POST, "/api/v1/customers/imports")
 *             .hasAuthority("SCOPE_customers:import");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CrmAuthorizationCustomizer {

    void customize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry registry);
}
