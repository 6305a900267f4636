package dev.crmplatform.sales.customer;

import dev.crmplatform.contracts.events.customer.CustomerState;
import dev.crmplatform.contracts.events.customer.EmailState;
import dev.crmplatform.platform.security.CurrentActor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The only writer of {@code customer_replica}, plus what customer events oblige sales-service to do to its own rows:
 * re-point references on a merge, anonymise personal data on an erasure. Runs in the inbox's transaction, with the
 * event's tenant set (row-level security applies); every statement also filters by tenant.
 */
@Component
public class CustomerReplicaWriter {

    /** Tables whose {@code customer_id} follows a merge to the survivor. */
    private static final List<String> CUSTOMER_REFERENCES = List.of("opportunity", "quote", "sales_order", "contract");

    private final JdbcClient jdbc;

    public CustomerReplicaWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts or replaces the customer's row with this state, unless the row already has this or a newer version
     * (last writer wins) or was erased.
     *
     * @return true if the row changed
     */
    public boolean upsert(UUID tenant, CustomerState state, long version) {
        List<String> emails = new ArrayList<>();
        String primary = null;
        for (EmailState email : state.getEmails() == null ? List.<EmailState>of() : state.getEmails()) {
            if (email.getAddress() == null) {
                continue;
            }
            String address = email.getAddress().strip().toLowerCase(Locale.ROOT);
            emails.add(address);
            if (Boolean.TRUE.equals(email.getPrimary()) && primary == null) {
                primary = address;
            }
        }
        if (primary == null && !emails.isEmpty()) {
            primary = emails.getFirst();
        }
        String status = state.getStatus() == null ? "ACTIVE" : state.getStatus().getValue();
        boolean erased = "ERASED".equals(status);
        BigDecimal creditLimit = null;
        String currency = null;
        if (state.getCreditLimit() != null && state.getCreditLimit().getAmount() != null) {
            creditLimit = new BigDecimal(state.getCreditLimit().getAmount());
            currency = state.getCreditLimit().getCurrency();
        }
        return jdbc.sql("""
                        insert into customer_replica (id, tenant_id, display_name, primary_email, email_keys,
                            lifecycle_stage, owner_id, credit_limit_amount, credit_limit_currency, status, merged_into,
                            erased, version, updated_at)
                        values (:id, :tenant, :name, :primary, :emails, :stage, :owner, :limit, :currency, :status,
                                :mergedInto, :erased, :version, now())
                        on conflict (id) do update set display_name = excluded.display_name,
                            primary_email = excluded.primary_email, email_keys = excluded.email_keys,
                            lifecycle_stage = excluded.lifecycle_stage, owner_id = excluded.owner_id,
                            credit_limit_amount = excluded.credit_limit_amount,
                            credit_limit_currency = excluded.credit_limit_currency, status = excluded.status,
                            merged_into = excluded.merged_into, erased = excluded.erased, version = excluded.version,
                            updated_at = now()
                        where customer_replica.tenant_id = excluded.tenant_id
                          and customer_replica.version < excluded.version and not customer_replica.erased
                        """)
                .param("id", state.getId()).param("tenant", tenant)
                .param("name", erased ? null : state.getDisplayName())
                .param("primary", erased ? null : primary)
                .param("emails", erased ? new String[0] : new LinkedHashSet<>(emails).toArray(String[]::new))
                .param("stage", state.getLifecycleStage() == null ? null : state.getLifecycleStage().getValue())
                .param("owner", state.getOwnerId())
                .param("limit", creditLimit).param("currency", currency)
                .param("status", status)
                .param("mergedInto", state.getMergedInto())
                .param("erased", erased)
                .param("version", version)
                .update() > 0;
    }

    /**
     * {@code merged} was merged into {@code survivor}: its row becomes a MERGED tombstone pointing at the survivor
     * (created if the replica never saw the customer), and every sales reference to it is re-pointed.
     *
     * @return the number of re-pointed sales rows
     */
    public int merge(UUID tenant, UUID merged, UUID survivor, long version) {
        jdbc.sql("""
                        insert into customer_replica (id, tenant_id, status, merged_into, version, updated_at)
                        values (:id, :tenant, 'MERGED', :survivor, :version, now())
                        on conflict (id) do update set status = case when customer_replica.erased then 'ERASED'
                                                                     else 'MERGED' end,
                            merged_into = excluded.merged_into, version = excluded.version, updated_at = now()
                        where customer_replica.tenant_id = excluded.tenant_id
                          and customer_replica.version < excluded.version
                        """)
                .param("id", merged).param("tenant", tenant).param("survivor", survivor).param("version", version)
                .update();
        // Customers merged into the merged one earlier now live on in the survivor too.
        jdbc.sql("""
                        update customer_replica set merged_into = :survivor, updated_at = now()
                        where tenant_id = :tenant and merged_into = :merged""")
                .param("tenant", tenant).param("merged", merged).param("survivor", survivor).update();
        String actor = CurrentActor.id();
        int repointed = 0;
        for (String table : CUSTOMER_REFERENCES) {
            repointed += jdbc.sql("update " + table + """
                             set customer_id = :survivor, updated_at = now(), updated_by = :actor,
                                version = version + 1
                            where tenant_id = :tenant and customer_id = :merged""")
                    .param("tenant", tenant).param("merged", merged).param("survivor", survivor)
                    .param("actor", actor).update();
        }
        repointed += jdbc.sql("""
                        update lead set converted_customer_id = :survivor, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and converted_customer_id = :merged""")
                .param("tenant", tenant).param("merged", merged).param("survivor", survivor)
                .param("actor", actor).update();
        return repointed;
    }

    /**
     * The customer's personal data was erased: the replica keeps only non-personal facts (id, status, stage, owner,
     * credit limit, version), and the sales leads holding that person's data are anonymised: the leads converted into
     * the customer and the open leads with one of its email addresses.
     *
     * @return the number of anonymised leads
     */
    public int erase(UUID tenant, UUID customerId, long version) {
        List<String> emails = jdbc.sql("""
                        select unnest(email_keys) from customer_replica where tenant_id = :tenant and id = :id""")
                .param("tenant", tenant).param("id", customerId).query(String.class).list();
        jdbc.sql("""
                        insert into customer_replica (id, tenant_id, status, erased, version, updated_at)
                        values (:id, :tenant, 'ERASED', true, :version, now())
                        on conflict (id) do update set display_name = null, primary_email = null, email_keys = '{}',
                            status = 'ERASED', erased = true,
                            version = greatest(customer_replica.version, excluded.version), updated_at = now()
                        where customer_replica.tenant_id = excluded.tenant_id
                        """)
                .param("id", customerId).param("tenant", tenant).param("version", version).update();
        return jdbc.sql("""
                        update lead set first_name = null, last_name = null, email = null, phone = null, title = null,
                            notes = null, anonymised = true, updated_at = now(), updated_by = :actor,
                            version = version + 1
                        where tenant_id = :tenant and not anonymised
                          and (converted_customer_id = :id
                               or (converted_customer_id is null and lower(email) = any(:emails)))""")
                .param("tenant", tenant).param("id", customerId).param("emails", emails.toArray(String[]::new))
                .param("actor", CurrentActor.id())
                .update();
    }

    /** An event that only advances the customer's version (e.g. a consent change): keep the replica's version. */
    public void advanceVersion(UUID tenant, UUID customerId, long version) {
        jdbc.sql("""
                        update customer_replica set version = :version, updated_at = now()
                        where tenant_id = :tenant and id = :id and version < :version""")
                .param("tenant", tenant).param("id", customerId).param("version", version).update();
    }
}
