package dev.crmplatform.platform.webtest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.crmplatform.platform.security.CrmAuthorizationCustomizer;

/** A minimal service using the platform starter, for the starter's own integration tests. */
@SpringBootApplication
public class WebTestApplication {

    /** A service-specific rule, applied before the platform's scope-area defaults. */
    @Bean
    CrmAuthorizationCustomizer adminRules() {
        return auth -> auth.requestMatchers(HttpMethod.GET, "/api/widgets/admin/**")
                .hasAuthority("SCOPE_widgets:admin");
    }

    /** Fails outside Spring MVC, so the error reaches the container's /error dispatch. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                            FilterChain chain) throws ServletException, IOException {
                        throw new IllegalStateException("filter exploded with internal detail hunter2");
                    }
                });
        registration.addUrlPatterns("/api/widgets/filter-boom");
        registration.setOrder(0);
        return registration;
    }
}
