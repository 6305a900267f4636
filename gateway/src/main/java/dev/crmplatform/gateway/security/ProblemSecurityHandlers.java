package dev.crmplatform.gateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.crmplatform.gateway.problem.Problems;

/** 401 and 403 as problem+json. */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail = e instanceof InsufficientAuthenticationException
                ? "Credentials are required: a bearer token or an API key" : e.getMessage();
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Access denied");
    }
}
