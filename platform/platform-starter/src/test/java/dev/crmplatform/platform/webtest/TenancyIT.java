package dev.crmplatform.platform.webtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.crmplatform.platform.tenancy.TenantContext;

import tools.jackson.databind.JsonNode;

class TenancyIT extends WebIntegrationTestSupport {

    @Autowired
    WidgetService service;

    @Autowired
    JdbcClient jdbc;

    @Test
    void connectsAsARoleSubjectToRowLevelSecurity() {
        // RLS is only meaningful if the application role neither is superuser nor bypasses RLS.
        Boolean bypass = jdbc.sql("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class).single();
        assertThat(bypass).isFalse();
    }

    @Test
    void tenantBCannotSeeTenantARowsEvenWithoutATenantFilter() {
        UUID tenantA = UUID.randomUUID();
        UUID tenantB = UUID.randomUUID();
        String id = json(postJson("/api/widgets", tenantA, createBody("secret-of-a"))).path("id").asString();

        assertThat(get("/api/widgets/" + id, tenantA).statusCode()).isEqualTo(200);
        assertProblem(get("/api/widgets/" + id, tenantB), 404, "not-found");

        // The list query has no WHERE tenant_id at all; only RLS separates the tenants.
        JsonNode listB = json(get("/api/widgets?limit=200", tenantB));
        assertThat(listB.path("items").findValuesAsString("name")).doesNotContain("secret-of-a");
        JsonNode listA = json(get("/api/widgets?limit=200", tenantA));
        assertThat(listA.path("items").findValuesAsString("name")).containsExactly("secret-of-a");

        assertThat(TenantContext.callAs(tenantB, service::countInTransaction)).isZero();
        assertThat(TenantContext.callAs(tenantA, service::countInTransaction)).isEqualTo(1);
    }

    @Test
    void rowsCannotBeWrittenForAnotherTenant() {
        UUID tenantA = UUID.randomUUID();
        UUID tenantB = UUID.randomUUID();
        assertThatThrownBy(() -> TenantContext.runAs(tenantB, () -> service.insertForTenant(tenantA, "forged")))
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("row-level security");
        assertThat(TenantContext.callAs(tenantA, service::countInTransaction)).isZero();
    }

    @Test
    void withoutTenantNothingIsVisibleOrWritable() {
        UUID tenantA = UUID.randomUUID();
        TenantContext.runAs(tenantA, () -> service.insertForTenant(tenantA, "mine"));
        assertThat(TenantContext.callAs(tenantA, service::countInTransaction)).isEqualTo(1);

        // Outside a transaction no tenant is published: RLS hides everything.
        assertThat(TenantContext.callAs(tenantA, service::countWithoutTransaction)).isZero();
        // No tenant in context: the transaction publishes '' and sees nothing.
        assertThat(service.countInTransaction()).isZero();
        assertThatThrownBy(() -> service.insertForTenant(tenantA, "anonymous"))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void tenantDoesNotLeakBetweenTransactionsOnPooledConnections() {
        UUID tenantA = UUID.randomUUID();
        TenantContext.runAs(tenantA, () -> service.insertForTenant(tenantA, "a"));
        for (int i = 0; i < 20; i++) {
            assertThat(TenantContext.callAs(tenantA, service::countInTransaction)).isEqualTo(1);
            assertThat(service.countInTransaction()).isZero();
        }
    }

    @Test
    void tenantContextIsScopedAndNotInherited() throws Exception {
        UUID tenant = UUID.randomUUID();
        assertThat(TenantContext.current()).isEmpty();
        TenantContext.runAs(tenant, () -> {
            assertThat(TenantContext.require()).isEqualTo(tenant);
            Thread child = new Thread(() -> assertThat(TenantContext.current()).isEmpty());
            child.start();
            try {
                child.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(TenantContext.current()).isEmpty();
    }
}
