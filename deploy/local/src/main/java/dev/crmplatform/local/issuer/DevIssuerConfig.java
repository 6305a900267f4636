package dev.crmplatform.local.issuer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring Authorization Server set up for local development only: the demo users, the {@code crm-frontend} SPA client
 * (authorization code + PKCE) and the {@code crm-cli} client (client credentials), and the claims the gateway maps:
 * {@code tenant} (the fixed demo tenant) and {@code roles}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(DevIssuerProperties.class)
class DevIssuerConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(Customizer.withDefaults());
        });
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser hitting /oauth2/authorize unauthenticated goes to the login form.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .cors(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .cors(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService demoUsers() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        DemoTenant.USERS.forEach(u -> users.createUser(User.withUsername(u.username())
                .password("{noop}" + DemoTenant.PASSWORD)
                .roles(u.role())
                .build()));
        return users;
    }

    @Bean
    RegisteredClientRepository registeredClients(DevIssuerProperties properties) {
        TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build();
        RegisteredClient frontend = RegisteredClient.withId(UUID.nameUUIDFromBytes(DemoTenant.FRONTEND_CLIENT.getBytes()).toString())
                .clientId(DemoTenant.FRONTEND_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(properties.frontendRedirectUris()))
                .postLogoutRedirectUri("http://localhost:3000/")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build();
        RegisteredClient cli = RegisteredClient.withId(UUID.nameUUIDFromBytes(DemoTenant.CLI_CLIENT.getBytes()).toString())
                .clientId(DemoTenant.CLI_CLIENT)
                .clientSecret("{noop}" + DemoTenant.CLI_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(tokens)
                .build();
        return new InMemoryRegisteredClientRepository(frontend, cli);
    }

    /** Adds the claims the gateway maps to a tenant and roles (crm.gateway.oidc.tenant-claim / roles-claim). */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tenantAndRolesClaims() {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            List<String> roles;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                roles = DemoTenant.CLI_ROLES;
            } else {
                roles = new ArrayList<>();
                for (GrantedAuthority authority : context.getPrincipal().getAuthorities()) {
                    String name = authority.getAuthority();
                    if (name != null && name.startsWith("ROLE_")) {
                        roles.add(name.substring("ROLE_".length()));
                    }
                }
                context.getClaims().claim("preferred_username", context.getPrincipal().getName());
            }
            context.getClaims().claim("tenant", DemoTenant.ID.toString()).claim("roles", roles);
        };
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(DevIssuerProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        // Without a fixed issuer (tests on a random port) it is taken from each request's URL.
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(DevIssuerProperties properties) {
        RSAKey key = persistentKey(properties.keyDir());
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return NimbusJwtDecoder.withJwkSource(jwkSource).build();
    }

    /** Browsers of local frontends call the token endpoint with fetch. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(DevIssuerProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.corsOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("*"));
        cors.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /**
     * The RSA signing key, generated once and kept in {@code keyDir}: a restart of the launcher keeps issued tokens
     * (and frontends' sessions) valid.
     */
    static RSAKey persistentKey(Path keyDir) {
        Path privateFile = keyDir.resolve("dev-issuer-rsa.key");
        Path publicFile = keyDir.resolve("dev-issuer-rsa.pub");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            KeyPair pair;
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                pair = new KeyPair(
                        factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))),
                        factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
                Files.createDirectories(keyDir);
                Files.write(publicFile, pair.getPublic().getEncoded());
                Files.write(privateFile, pair.getPrivate().getEncoded());
            }
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            String keyId = "dev-" + HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()), 0, 8);
            return new RSAKey.Builder(publicKey).privateKey((RSAPrivateKey) pair.getPrivate()).keyID(keyId).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Dev issuer key in " + keyDir + " is unusable (delete it to regenerate)", e);
        }
    }
}
