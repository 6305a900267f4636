package dev.crmplatform.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class TenantContextTest {

    @Test
    void callAsScopesAndRestoresNestedTenants() {
        UUID outer = UUID.randomUUID();
        UUID inner = UUID.randomUUID();
        assertThat(TenantContext.current()).isEmpty();
        TenantContext.runAs(outer, () -> {
            assertThat(TenantContext.require()).isEqualTo(outer);
            assertThat(TenantContext.callAs(inner, TenantContext::require)).isEqualTo(inner);
            assertThat(TenantContext.require()).isEqualTo(outer);
        });
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void restoresEvenWhenTheWorkFails() {
        assertThatThrownBy(() -> TenantContext.runAs(UUID.randomUUID(), () -> {
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void requireFailsWithoutTenant() {
        assertThatThrownBy(TenantContext::require).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void asyncWorkOnlyGetsTheTenantExplicitly() {
        UUID tenant = UUID.randomUUID();
        TenantContext.runAs(tenant, () -> {
            assertThat(CompletableFuture.supplyAsync(TenantContext::current).join()).isEmpty();
            UUID captured = TenantContext.require();
            assertThat(CompletableFuture.supplyAsync(() -> TenantContext.callAs(captured, TenantContext::require))
                    .join()).isEqualTo(tenant);
        });
    }
}
