package dev.crmplatform.local.issuer;

import java.util.List;
import java.util.UUID;

/**
 * The demo tenant of the dev issuer and its users, one per role of ARCHITECTURE §4. The tenant id is fixed so tokens,
 * demo data and bookmarks stay valid across restarts. Dev only: these users exist nowhere but in this launcher.
 */
public final class DemoTenant {

    /** Fixed demo tenant id (a valid UUIDv7 shape). */
    public static final UUID ID = UUID.fromString("0190d2a0-0000-7000-8000-00000000de00");
    public static final String PASSWORD = "demo";

    /** A demo user: username, password {@value #PASSWORD}, one role. */
    public record DemoUser(String username, String role) {
    }

    public static final List<DemoUser> USERS = List.of(
            new DemoUser("admin", "ADMIN"),
            new DemoUser("sales.rep", "SALES_REP"),
            new DemoUser("sales.manager", "SALES_MANAGER"),
            new DemoUser("marketer", "MARKETER"),
            new DemoUser("support.agent", "SUPPORT_AGENT"),
            new DemoUser("support.manager", "SUPPORT_MANAGER"),
            new DemoUser("analyst", "ANALYST"));

    /** Public SPA client: authorization code + PKCE, no secret. */
    public static final String FRONTEND_CLIENT = "crm-frontend";
    /** Confidential client for demo scripts: client credentials, acts as an ADMIN of the demo tenant. */
    public static final String CLI_CLIENT = "crm-cli";
    public static final String CLI_SECRET = "crm-cli-secret";
    public static final List<String> CLI_ROLES = List.of("ADMIN");

    private DemoTenant() {
    }
}
