package dev.crmplatform.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * The API surface of ARCHITECTURE §5: which /api/v1 prefixes belong to which service, and the scope area that
 * guards them. Base URLs come from {@code crm.gateway.services.<name>}.
 */
public final class ServiceCatalog {

    /**
     * @param name      configuration key under crm.gateway.services
     * @param serviceId name used for breakers, metrics and problem bodies
     * @param area      scope area: GET/HEAD need {@code <area>:read}, other methods {@code <area>:write}
     */
    public record ServiceDefinition(String name, String serviceId, String area, List<String> prefixes) {
    }

    public static final List<ServiceDefinition> SERVICES = List.of(
            new ServiceDefinition("customer", "customer-service", "customers",
                    List.of("/api/v1/customers")),
            new ServiceDefinition("sales", "sales-service", "sales",
                    List.of("/api/v1/leads", "/api/v1/opportunities", "/api/v1/pipelines", "/api/v1/products",
                            "/api/v1/quotes", "/api/v1/orders", "/api/v1/contracts", "/api/v1/tasks",
                            "/api/v1/forecast")),
            new ServiceDefinition("marketing", "marketing-service", "marketing",
                    List.of("/api/v1/segments", "/api/v1/campaigns", "/api/v1/journeys", "/api/v1/tracking")),
            new ServiceDefinition("ticket", "ticket-service", "tickets",
                    List.of("/api/v1/tickets", "/api/v1/sla-policies", "/api/v1/kb", "/api/v1/surveys")),
            new ServiceDefinition("analytics", "analytics-service", "analytics",
                    List.of("/api/v1/analytics")));

    private ServiceCatalog() {
    }

    public static Optional<ServiceDefinition> byName(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
