package dev.crmplatform.customer.customers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer rows. Reads return the JSON state made by the SQL function {@code customer_state}, the one mapping
 * shared by the API, events, history and exports. Every query filters by tenant; row-level security backs it up.
 */
@Repository
public class CustomerRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public CustomerRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts the customer and returns its state. */
    public String insert(UUID tenant, UUID id, CustomerData data, String actor) {
        return jdbc.sql("""
                        insert into customer (id, tenant_id, type, first_name, last_name, organization_name, display_name,
                            emails, phones, addresses, email_keys, phone_keys, email_domains, lifecycle_stage, owner_id,
                            tags, credit_limit_amount, credit_limit_currency, custom_fields, search_text,
                            created_by, updated_by)
                        values (:id, :tenant, :type, :firstName, :lastName, :organizationName, :displayName,
                            cast(:emails as jsonb), cast(:phones as jsonb), cast(:addresses as jsonb),
                            :emailKeys, :phoneKeys, :emailDomains, :lifecycleStage, :ownerId,
                            :tags, :creditAmount, :creditCurrency, cast(:customFields as jsonb), :searchText,
                            :actor, :actor)
                        returning customer_state(customer)""")
                .params(columns(data))
                .param("id", id)
                .param("tenant", tenant)
                .param("actor", actor)
                .query(String.class)
                .single();
    }

    /** Replaces the writable state if the version still matches; empty when it does not (or the row is gone). */
    public Optional<String> update(UUID tenant, UUID id, long expectedVersion, CustomerData data, String actor) {
        return jdbc.sql("""
                        update customer set type = :type, first_name = :firstName, last_name = :lastName,
                            organization_name = :organizationName, display_name = :displayName,
                            emails = cast(:emails as jsonb), phones = cast(:phones as jsonb),
                            addresses = cast(:addresses as jsonb), email_keys = :emailKeys, phone_keys = :phoneKeys,
                            email_domains = :emailDomains, lifecycle_stage = :lifecycleStage, owner_id = :ownerId,
                            tags = :tags, credit_limit_amount = :creditAmount, credit_limit_currency = :creditCurrency,
                            custom_fields = cast(:customFields as jsonb), search_text = :searchText,
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :id and version = :expectedVersion and status in ('ACTIVE', 'ARCHIVED')
                        returning customer_state(customer)""")
                .params(columns(data))
                .param("id", id)
                .param("tenant", tenant)
                .param("actor", actor)
                .param("expectedVersion", expectedVersion)
                .query(String.class)
                .optional();
    }

    public Optional<String> findState(UUID tenant, UUID id) {
        return jdbc.sql("select customer_state(c) from customer c where c.tenant_id = :tenant and c.id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /** Locks the row for the rest of the transaction and returns its state. */
    public Optional<String> lockState(UUID tenant, UUID id) {
        return jdbc.sql("select customer_state(c) from customer c where c.tenant_id = :tenant and c.id = :id for update")
                .param("tenant", tenant)
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /**
     * Active customers sharing any of the normalised emails or phones: B-tree probes of customer_contact_key (an
     * array overlap on customer is not leakproof, so under row-level security it would scan every customer).
     */
    public List<UUID> findExactDuplicates(UUID tenant, List<String> emailKeys, List<String> phoneKeys) {
        if (emailKeys.isEmpty() && phoneKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select id from customer
                        where tenant_id = :tenant and status = 'ACTIVE'
                          and id in (select customer_id from customer_contact_key
                                     where tenant_id = :tenant
                                       and (key = any(cast(:emails as text[])) or key = any(cast(:phones as text[]))))
                        order by created_at, id limit 20""")
                .param("tenant", tenant)
                .param("emails", emailKeys.toArray(String[]::new))
                .param("phones", phoneKeys.toArray(String[]::new))
                .query(UUID.class)
                .list();
    }

    /** Sets the lifecycle status (archive, merge, erase) and bumps the version; returns the new state. */
    public Optional<String> changeStatus(UUID tenant, UUID id, String fromStatus, String toStatus, UUID mergedInto,
                                         String actor) {
        return jdbc.sql("""
                        update customer set status = :toStatus, merged_into = :mergedInto,
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :id and status = :fromStatus
                        returning customer_state(customer)""")
                .param("tenant", tenant)
                .param("id", id)
                .param("fromStatus", fromStatus)
                .param("toStatus", toStatus)
                .param("mergedInto", mergedInto)
                .param("actor", actor)
                .query(String.class)
                .optional();
    }

    public String replaceTags(UUID tenant, UUID id, List<String> tags, String actor) {
        return jdbc.sql("""
                        update customer set tags = :tags, updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and id = :id
                        returning customer_state(customer)""")
                .param("tenant", tenant)
                .param("id", id)
                .param("tags", tags.toArray(String[]::new))
                .param("actor", actor)
                .query(String.class)
                .single();
    }

    /** Appends the current state to the customer's history. */
    public void recordChange(UUID tenant, UUID id, String changeType, String actor) {
        jdbc.sql("""
                        insert into customer_change (tenant_id, customer_id, version, change_type, changed_by, snapshot)
                        select c.tenant_id, c.id, c.version, :changeType, :actor, customer_state(c)
                        from customer c where c.tenant_id = :tenant and c.id = :id""")
                .param("tenant", tenant)
                .param("id", id)
                .param("changeType", changeType)
                .param("actor", actor)
                .update();
    }

    private java.util.Map<String, Object> columns(CustomerData data) {
        var params = new java.util.HashMap<String, Object>();
        params.put("type", data.type());
        params.put("firstName", data.firstName());
        params.put("lastName", data.lastName());
        params.put("organizationName", data.organizationName());
        params.put("displayName", data.displayName());
        params.put("emails", json.writeValueAsString(data.emails()));
        params.put("phones", json.writeValueAsString(data.phones()));
        params.put("addresses", json.writeValueAsString(data.addresses()));
        params.put("emailKeys", data.emailKeys().toArray(String[]::new));
        params.put("phoneKeys", data.phoneKeys().toArray(String[]::new));
        params.put("emailDomains", data.emailDomains().toArray(String[]::new));
        params.put("lifecycleStage", data.lifecycleStage());
        params.put("ownerId", data.ownerId());
        params.put("tags", data.tags().toArray(String[]::new));
        params.put("creditAmount", data.creditLimit() == null ? null : data.creditLimit().amount());
        params.put("creditCurrency", data.creditLimit() == null ? null : data.creditLimit().currency());
        params.put("customFields", json.writeValueAsString(data.customFields()));
        params.put("searchText", data.searchText());
        return params;
    }
}
