package dev.crmplatform.local.services;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.crmplatform.local.postgres.DatabaseBootstrap;

/**
 * Every application the launcher knows, in start order. A service whose exec jar is not built (a module that has not
 * landed yet) is skipped with a warning. Ports follow issue 5: gateway 8080, customer 8081, sales 8082, then one each.
 */
public final class ServiceCatalog {

    private ServiceCatalog() {
    }

    /** The services with databases named {@code crm_<name>}. */
    public static List<ServiceSpec> all() {
        return all("crm_");
    }

    /**
     * @param databasePrefix prefix of every database name ({@code crm_} normally; the e2e tests use their own so they
     *                       never touch the databases of a developer's local platform)
     */
    public static List<ServiceSpec> all(String databasePrefix) {
        String gatewayDatabase = databasePrefix + "gateway";
        return List.of(
                new ServiceSpec("gateway", "gateway", "gateway", 8080, gatewayDatabase, null,
                        infra -> gatewayEnv(infra, gatewayDatabase)),
                domainService("customer", "customer-service", 8081, databasePrefix + "customer"),
                domainService("sales", "sales-service", 8082, databasePrefix + "sales", (infra, env) -> {
                    // Lead conversion creates customers through customer-service (when it runs).
                    String customerService = infra.serviceUrls().get("customer");
                    if (customerService != null) {
                        env.put("CRM_CUSTOMER_SERVICE_URL", customerService);
                    }
                }),
                // Not on main yet; assumed to follow customer-service's variables (CRM_<DOMAIN>_DB_URL, PORT, ...).
                domainService("marketing", "marketing-service", 8083, databasePrefix + "marketing"),
                domainService("ticket", "ticket-service", 8084, databasePrefix + "ticket"),
                domainService("analytics", "analytics-service", 8085, databasePrefix + "analytics"));
    }

    private static ServiceSpec domainService(String domain, String module, int port, String database) {
        return domainService(domain, module, port, database, (infra, env) -> { });
    }

    /** @param extraEnv adds the service's own variables, e.g. the URLs of services it calls */
    private static ServiceSpec domainService(String domain, String module, int port, String database,
            BiConsumer<Infrastructure, Map<String, String>> extraEnv) {
        return new ServiceSpec(domain, module, module, port, database, domain, infra -> {
            String prefix = "CRM_" + domain.toUpperCase() + "_DB_";
            Map<String, String> env = common(port, infra);
            env.put("PORT", String.valueOf(port));
            env.put(prefix + "URL", infra.postgres().url(database));
            env.put(prefix + "USER", DatabaseBootstrap.APP_ROLE);
            env.put(prefix + "PASSWORD", infra.postgres().appPassword());
            env.put("CRM_JWK_SET_URI", infra.gatewayJwksUri());
            extraEnv.accept(infra, env);
            return env;
        });
    }

    private static Map<String, String> gatewayEnv(Infrastructure infra, String database) {
        Map<String, String> env = common(8080, infra);
        env.put("SPRING_DATASOURCE_URL", infra.postgres().url(database));
        env.put("SPRING_DATASOURCE_USERNAME", DatabaseBootstrap.APP_ROLE);
        env.put("SPRING_DATASOURCE_PASSWORD", infra.postgres().appPassword());
        env.put("CRM_REDIS_HOST", infra.redis().host());
        env.put("CRM_REDIS_PORT", String.valueOf(infra.redis().port()));
        env.put("CRM_BOOTSTRAP_ADMIN_KEY", infra.bootstrapAdminKey());
        // User JWTs from the dev issuer (discovery at <issuer>/.well-known/openid-configuration).
        env.put("CRM_GATEWAY_OIDC_ISSUERURI", infra.issuerUri());
        // A route only for the services that run (crm.gateway.services.<key>); the others answer 404.
        infra.serviceUrls().forEach((key, url) -> env.put("CRM_GATEWAY_SERVICES_" + key.toUpperCase(), url));
        return env;
    }

    private static Map<String, String> common(int port, Infrastructure infra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        // Human-readable console logs locally (the platform's default is JSON for production).
        env.put("CRM_LOGGING_STRUCTURED", "false");
        env.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        return env;
    }
}
