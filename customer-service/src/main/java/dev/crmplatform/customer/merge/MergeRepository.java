package dev.crmplatform.customer.merge;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Moves what hangs off a merged customer (relationships, interactions, consents) to the survivor. Runs inside the
 * merge transaction after both customer rows are locked. Every statement filters by tenant; row-level security
 * backs it up.
 */
@Repository
public class MergeRepository {

    private final JdbcClient jdbc;

    public MergeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Re-points the duplicate's relationships to the survivor. Links between the two would become self-links and
     * are dropped; a link the survivor already has (same other end and type) is dropped instead of duplicated.
     *
     * @return how many relationships now point at the survivor instead of the duplicate
     */
    public int moveRelationships(UUID tenant, UUID survivor, UUID duplicate, String actor) {
        jdbc.sql("""
                        delete from customer_relationship
                        where tenant_id = :tenant
                          and ((from_customer_id = :duplicate and to_customer_id = :survivor)
                            or (from_customer_id = :survivor and to_customer_id = :duplicate))""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .update();
        int moved = jdbc.sql("""
                        update customer_relationship r set from_customer_id = :survivor,
                            updated_at = now(), updated_by = :actor, version = r.version + 1
                        where r.tenant_id = :tenant and r.from_customer_id = :duplicate
                          and not exists (select 1 from customer_relationship s
                                          where s.tenant_id = :tenant and s.from_customer_id = :survivor
                                            and s.to_customer_id = r.to_customer_id and s.type = r.type)""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .param("actor", actor)
                .update();
        moved += jdbc.sql("""
                        update customer_relationship r set to_customer_id = :survivor,
                            updated_at = now(), updated_by = :actor, version = r.version + 1
                        where r.tenant_id = :tenant and r.to_customer_id = :duplicate
                          and not exists (select 1 from customer_relationship s
                                          where s.tenant_id = :tenant and s.to_customer_id = :survivor
                                            and s.from_customer_id = r.from_customer_id and s.type = r.type)""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .param("actor", actor)
                .update();
        // what is left duplicated the survivor's own links
        jdbc.sql("""
                        delete from customer_relationship
                        where tenant_id = :tenant and (from_customer_id = :duplicate or to_customer_id = :duplicate)""")
                .param("tenant", tenant).param("duplicate", duplicate)
                .update();
        return moved;
    }

    /** The shared timeline follows the person: every interaction of the duplicate now belongs to the survivor. */
    public int moveInteractions(UUID tenant, UUID survivor, UUID duplicate, String actor) {
        return jdbc.sql("""
                        update customer_interaction set customer_id = :survivor,
                            updated_at = now(), updated_by = :actor, version = version + 1
                        where tenant_id = :tenant and customer_id = :duplicate""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .param("actor", actor)
                .update();
    }

    /**
     * Consents: the survivor's own decision per (channel, purpose) wins; the duplicate's fills the ones the survivor
     * never recorded. The whole history moves, so the survivor's history shows every recorded decision of both.
     */
    public void moveConsents(UUID tenant, UUID survivor, UUID duplicate, String actor) {
        jdbc.sql("""
                        update customer_consent d set customer_id = :survivor,
                            updated_at = now(), updated_by = :actor, version = d.version + 1
                        where d.tenant_id = :tenant and d.customer_id = :duplicate
                          and not exists (select 1 from customer_consent s
                                          where s.tenant_id = :tenant and s.customer_id = :survivor
                                            and s.channel = d.channel and s.purpose = d.purpose)""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .param("actor", actor)
                .update();
        jdbc.sql("delete from customer_consent where tenant_id = :tenant and customer_id = :duplicate")
                .param("tenant", tenant).param("duplicate", duplicate)
                .update();
        jdbc.sql("""
                        update customer_consent_history set customer_id = :survivor
                        where tenant_id = :tenant and customer_id = :duplicate""")
                .param("tenant", tenant).param("survivor", survivor).param("duplicate", duplicate)
                .update();
    }
}
