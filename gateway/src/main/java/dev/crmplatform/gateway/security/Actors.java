package dev.crmplatform.gateway.security;

import org.springframework.http.HttpStatus;

import dev.crmplatform.gateway.problem.ProblemException;

/** The authenticated caller of an admin endpoint (Spring Security guarantees one under /api/**). */
public final class Actors {

    private Actors() {
    }

    public static GatewayPrincipal require() {
        return GatewayAuthentication.current().orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED,
                "unauthorized", "Unauthorized", "Authentication required"));
    }
}
