package dev.crmplatform.platform.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant of the current unit of work.
 *
 * <p>Deliberately a plain (non-inheritable) thread local: work handed to another thread does NOT silently inherit the
 * tenant, it must be scoped explicitly with {@link #callAs}/{@link #runAs}. That keeps the tenant visible at every
 * hand-off instead of leaking through pooled threads.
 */
public final class TenantContext {

    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /** The current tenant, if any. */
    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The current tenant; fails if none is set (a programming error, not a client error). */
    public static UUID require() {
        UUID tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant in context: wrap the work in TenantContext.callAs/runAs");
        }
        return tenant;
    }

    /** Runs {@code work} with {@code tenant} as the current tenant and restores the previous one afterwards. */
    public static <T> T callAs(UUID tenant, Supplier<T> work) {
        Objects.requireNonNull(tenant, "tenant");
        UUID previous = CURRENT.get();
        CURRENT.set(tenant);
        try {
            return work.get();
        }
        finally {
            restore(previous);
        }
    }

    /** Runs {@code work} with {@code tenant} as the current tenant and restores the previous one afterwards. */
    public static void runAs(UUID tenant, Runnable work) {
        callAs(tenant, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Sets the tenant for the rest of the current request. Only for the platform's request filter, which clears it
     * in a finally block; application code uses {@link #callAs}/{@link #runAs}.
     */
    static void set(UUID tenant) {
        CURRENT.set(tenant);
    }

    static void clear() {
        CURRENT.remove();
    }

    private static void restore(UUID previous) {
        if (previous == null) {
            CURRENT.remove();
        }
        else {
            CURRENT.set(previous);
        }
    }
}
