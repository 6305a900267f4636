package dev.crmplatform.local.issuer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts and stops the dev issuer context. */
public final class DevIssuer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String issuerUri;

    private DevIssuer(ConfigurableApplicationContext context, String issuerUri) {
        this.context = context;
        this.issuerUri = issuerUri;
    }

    /**
     * @param port      0 for a random port (tests)
     * @param issuerUri the {@code iss} of its tokens; null = http://localhost:{actual port}
     * @param keyDir    where its RSA signing key is kept, so tokens stay valid across restarts
     */
    public static DevIssuer start(int port, String issuerUri, Path keyDir) {
        Map<String, Object> props = new LinkedHashMap<>();
        // Its own config file name, so it never reads the launcher's application.yml.
        props.put("spring.config.name", "dev-issuer");
        props.put("server.port", port);
        props.put("crm.dev-issuer.key-dir", keyDir.toAbsolutePath().toString());
        if (issuerUri != null) {
            props.put("crm.dev-issuer.issuer", issuerUri);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DevIssuerApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // The launcher closes it in its own shutdown order.
                .registerShutdownHook(false)
                .properties(props)
                .run();
        String actual = issuerUri != null ? issuerUri
                : "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
        return new DevIssuer(context, actual);
    }

    public String issuerUri() {
        return issuerUri;
    }

    public String jwkSetUri() {
        return issuerUri + "/oauth2/jwks";
    }

    public String tokenUri() {
        return issuerUri + "/oauth2/token";
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    @Override
    public void close() {
        context.close();
    }
}
