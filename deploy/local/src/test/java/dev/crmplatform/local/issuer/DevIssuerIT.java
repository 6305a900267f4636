package dev.crmplatform.local.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev issuer as the gateway sees it: real HTTP on a random port, tokens verified against its JWKS, with the
 * {@code tenant} and {@code roles} claims, for the CLI client (client credentials) and for a demo user signing in
 * through the authorization code flow with PKCE, like the frontend does.
 */
class DevIssuerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    static Path keyDir;
    private static DevIssuer issuer;
    private static NimbusJwtDecoder decoder;

    @BeforeAll
    static void start() throws Exception {
        issuer = DevIssuer.start(0, null, keyDir);
        decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwkSetUri()).build();
    }

    @AfterAll
    static void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void cliClientGetsAnAdminTokenOfTheDemoTenant() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (DemoTenant.CLI_CLIENT + ":" + DemoTenant.CLI_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        Jwt jwt = decoder.decode(JSON.readTree(response.body()).get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo(DemoTenant.CLI_CLIENT);
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo(DemoTenant.ID.toString());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN");
        assertThat(jwt.getIssuer().toString()).isEqualTo(issuer.issuerUri());
    }

    @Test
    void demoUserSignsInWithAuthorizationCodeAndPkce() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String verifier = "verifier-" + "x".repeat(50);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirectUri = "http://localhost:3000/callback";
        String authorize = issuer.issuerUri() + "/oauth2/authorize?" + form(Map.of(
                "response_type", "code", "client_id", DemoTenant.FRONTEND_CLIENT, "redirect_uri", redirectUri,
                "scope", "openid profile", "state", "st4te", "code_challenge", challenge,
                "code_challenge_method", "S256"));

        HttpResponse<String> toLogin = get(browser, authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).endsWith("/login");

        HttpResponse<String> loginPage = get(browser, location(toLogin));
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as("login form has a CSRF token").isTrue();
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(URI.create(issuer.issuerUri() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", "sales.rep",
                        "password", DemoTenant.PASSWORD, "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);

        HttpResponse<String> toClient = get(browser, location(loggedIn));
        assertThat(toClient.statusCode()).isEqualTo(302);
        assertThat(location(toClient)).startsWith(redirectUri + "?code=").contains("state=st4te");
        String code = location(toClient).replaceFirst(".*[?&]code=([^&]+).*", "$1");

        HttpResponse<String> tokens = browser.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", redirectUri,
                        "client_id", DemoTenant.FRONTEND_CLIENT, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(tokens.body());
        Jwt access = decoder.decode(body.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("sales.rep");
        assertThat(access.getClaimAsString("tenant")).isEqualTo(DemoTenant.ID.toString());
        assertThat(access.getClaimAsStringList("roles")).containsExactly("SALES_REP");
        Jwt idToken = decoder.decode(body.get("id_token").asString());
        assertThat(idToken.getClaimAsStringList("roles")).containsExactly("SALES_REP");
    }

    @Test
    void signingKeySurvivesARestart() {
        assertThat(DevIssuerConfig.persistentKey(keyDir).getKeyID())
                .isEqualTo(DevIssuerConfig.persistentKey(keyDir).getKeyID());
        assertThat(keyDir.resolve("dev-issuer-rsa.key")).exists();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.startsWith("http") ? location : issuer.issuerUri() + location;
    }

    private static String form(Map<String, String> values) {
        return new LinkedHashMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
