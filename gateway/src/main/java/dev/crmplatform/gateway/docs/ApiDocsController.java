package dev.crmplatform.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.crmplatform.gateway.config.GatewayProperties;
import dev.crmplatform.gateway.problem.ProblemException;
import dev.crmplatform.gateway.routing.ServiceCatalog;

/**
 * The aggregated OpenAPI: the contract specs of {@code contracts/openapi} (copied onto the classpath at build
 * time) of the gateway's admin API and of every routed service, one group per spec at
 * {@code /v3/api-docs/<group>}, all merged at {@code /v3/api-docs}. Serving the contracts rather than calling each
 * service keeps the docs available when a service is down and guarantees they describe the published contract.
 */
@RestController
public class ApiDocsController {

    private static final Logger log = LoggerFactory.getLogger(ApiDocsController.class);

    /** group name to spec, in display order. */
    private final Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    private final Map<String, Object> merged;

    public ApiDocsController(GatewayProperties properties) throws IOException {
        Resource[] specs = new PathMatchingResourcePatternResolver().getResources("classpath*:openapi/*.yaml");
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Resource spec : specs) {
            String file = spec.getFilename();
            String group = file.replaceFirst("\\.yaml$", "");
            if (!included(group, properties)) {
                continue;
            }
            try (InputStream in = spec.getInputStream()) {
                groups.put(group, yaml.load(in));
            }
        }
        this.merged = merge(groups);
        log.info("Serving OpenAPI groups {}", groups.keySet());
    }

    /** The admin API always; a service's spec when that service is routed (e.g. customer-v1 with crm.gateway.services.customer). */
    private static boolean included(String group, GatewayProperties properties) {
        if (group.startsWith("gateway-")) {
            return true;
        }
        return ServiceCatalog.SERVICES.stream().anyMatch(s -> group.startsWith(s.name() + "-")
                && properties.services().containsKey(s.name()));
    }

    @GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> aggregated() {
        return merged;
    }

    @GetMapping(value = "/v3/api-docs/{group}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> group(@PathVariable String group) {
        if ("swagger-config".equals(group)) {
            return ResponseEntity.ok(swaggerConfig());
        }
        Map<String, Object> spec = groups.get(group);
        if (spec == null) {
            throw ProblemException.notFound("API docs group", group);
        }
        return ResponseEntity.ok(spec);
    }

    /** The list Swagger UI shows in its "select a definition" box. */
    public Map<String, Object> swaggerConfig() {
        List<Map<String, String>> urls = new ArrayList<>();
        urls.add(Map.of("name", "all (aggregated)", "url", "/v3/api-docs"));
        groups.keySet().forEach(g -> urls.add(Map.of("name", g, "url", "/v3/api-docs/" + g)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("urls", urls);
        return config;
    }

    public List<String> groupNames() {
        return List.copyOf(groups.keySet());
    }

    /**
     * Merges paths, tags and components. Component names are unique per spec but may collide across specs (every
     * spec has its own Problem): an identical definition is kept once; a different one is renamed with the group's
     * prefix (e.g. CustomerV1Problem) and that spec's $refs are rewritten, so each operation keeps its exact schema.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Map<String, Object>> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("openapi", "3.0.3");
        out.put("info", Map.of("title", "CRM platform API (through the gateway)", "version", "v1",
                "description", "All services' public APIs, aggregated by the gateway. Per-service groups: "
                        + String.join(", ", groups.keySet().stream().map(g -> "/v3/api-docs/" + g).toList())));
        out.put("servers", List.of(Map.of("url", "/")));
        Map<String, Object> paths = new LinkedHashMap<>();
        List<Object> tags = new ArrayList<>();
        Map<String, Map<String, Object>> components = new LinkedHashMap<>();
        List<Object> security = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : groups.entrySet()) {
            Map<String, Object> spec = entry.getValue();
            Map<String, Object> specComponents = (Map<String, Object>) spec.getOrDefault("components", Map.of());
            Map<String, String> renames = new LinkedHashMap<>();
            String prefix = prefix(entry.getKey());
            specComponents.forEach((kind, defs) -> {
                Map<String, Object> target = components.computeIfAbsent(kind, k -> new LinkedHashMap<>());
                ((Map<String, Object>) defs).forEach((name, def) -> {
                    Object existing = target.get(name);
                    if (existing != null && !existing.equals(def) && !"securitySchemes".equals(kind)) {
                        renames.put("#/components/" + kind + "/" + name, "#/components/" + kind + "/" + prefix + name);
                    }
                });
            });
            Map<String, Object> rewritten = (Map<String, Object>) rewriteRefs(spec, renames);
            Map<String, Object> rewrittenComponents = (Map<String, Object>) rewritten.getOrDefault("components",
                    Map.of());
            rewrittenComponents.forEach((kind, defs) -> {
                Map<String, Object> target = components.computeIfAbsent(kind, k -> new LinkedHashMap<>());
                ((Map<String, Object>) defs).forEach((name, def) -> {
                    String renamed = renames.get("#/components/" + kind + "/" + name);
                    target.putIfAbsent(renamed == null ? name : prefix + name, def);
                });
            });
            ((Map<String, Object>) rewritten.getOrDefault("paths", Map.of())).forEach((path, item) -> {
                if (paths.putIfAbsent(path, item) != null) {
                    log.warn("Path {} is defined by more than one spec; keeping the first", path);
                }
            });
            for (Object tag : (List<Object>) spec.getOrDefault("tags", List.of())) {
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            for (Object s : (List<Object>) spec.getOrDefault("security", List.of())) {
                if (!security.contains(s)) {
                    security.add(s);
                }
            }
        }
        out.put("security", security);
        out.put("tags", tags);
        out.put("paths", paths);
        out.put("components", components);
        return out;
    }

    private static String prefix(String group) {
        StringBuilder b = new StringBuilder();
        for (String part : group.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static Object rewriteRefs(Object node, Map<String, String> renames) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k,
                    "$ref".equals(k) && v instanceof String ref ? renames.getOrDefault(ref, ref) : rewriteRefs(v, renames)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> rewriteRefs(v, renames)).toList();
        }
        return node;
    }
}
