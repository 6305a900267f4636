package dev.crmplatform.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * /swagger-ui.html over the aggregated docs, from the org.webjars swagger-ui assets (springdoc is not used: it
 * would generate docs from the gateway's own controllers, while the gateway serves the contract specs of all
 * services). Try-it-out works with a bearer token (user JWT or API key) or the X-API-Key header.
 */
@RestController
public class SwaggerUiController {

    private final String page;

    public SwaggerUiController() throws IOException {
        String version;
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            version = p.getProperty("version", "5.34.1");
        }
        String base = "/webjars/swagger-ui/" + version;
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="UTF-8">
                  <title>CRM platform API</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                </head>
                <body>
                <div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script src="%1$s/swagger-ui-standalone-preset.js"></script>
                <script>
                  window.onload = () => {
                    fetch('/v3/api-docs/swagger-config').then(r => r.json()).then(config => {
                      window.ui = SwaggerUIBundle({
                        urls: config.urls,
                        dom_id: '#swagger-ui',
                        deepLinking: true,
                        persistAuthorization: true,
                        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                        layout: 'StandaloneLayout'
                      });
                    });
                  };
                </script>
                </body>
                </html>
                """.formatted(base);
    }

    @GetMapping(value = {"/swagger-ui.html", "/swagger-ui", "/swagger-ui/"}, produces = MediaType.TEXT_HTML_VALUE)
    public String swaggerUi() {
        return page;
    }
}
