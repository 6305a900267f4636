package dev.crmplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs a demo user in at the dev issuer the way a browser does for the frontend: authorization code with PKCE
 * through the issuer's login form, then the code exchanged for an access token. No shortcut grant is used, so the
 * token carries the user's own subject and role exactly as in a real session.
 */
final class DevIssuerLogin {

    private static final String CLIENT = "crm-frontend";
    private static final String REDIRECT = "http://localhost:3000/callback";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private DevIssuerLogin() {
    }

    /** The access token of {@code username} (password {@code demo}). */
    static String accessToken(String issuer, String username) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String verifier = randomVerifier();
        String authorize = issuer + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", CLIENT,
                "redirect_uri", REDIRECT, "scope", "openid", "state", "e2e", "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));

        send(browser, get(authorize));                                   // saves the request, redirects to /login
        HttpResponse<String> loginPage = send(browser, get(issuer + "/login"));
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token in the login page: " + loginPage.body());
        }
        HttpResponse<String> loggedIn = send(browser, post(issuer + "/login",
                form(Map.of("username", username, "password", "demo", "_csrf", csrf.group(1)))));
        String next = location(loggedIn, issuer);
        HttpResponse<String> authorized = send(browser, get(next));     // redirects to the client with ?code=
        Matcher code = CODE.matcher(location(authorized, issuer));
        if (!code.find()) {
            throw new IllegalStateException("no code in " + location(authorized, issuer));
        }
        HttpResponse<String> token = send(browser, post(issuer + "/oauth2/token", form(Map.of(
                "grant_type", "authorization_code", "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                "redirect_uri", REDIRECT, "client_id", CLIENT, "code_verifier", verifier))));
        if (token.statusCode() != 200) {
            throw new IllegalStateException("token exchange failed: " + token.statusCode() + " " + token.body());
        }
        return Http.parse(token.body()).get("access_token").asString();
    }

    private static String location(HttpResponse<String> response, String issuer) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("expected a redirect, got " + response.statusCode()
                        + " " + response.body()));
        return location.startsWith("/") ? issuer + location : location;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
