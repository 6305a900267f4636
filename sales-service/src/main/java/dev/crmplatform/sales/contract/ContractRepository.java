package dev.crmplatform.sales.contract;

import dev.crmplatform.platform.web.paging.Keyset;
import dev.crmplatform.platform.web.paging.Page;
import dev.crmplatform.platform.web.paging.PageQuery;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Contracts and the record of handled renewals. Every query filters by tenant; row-level security backs it up. */
@Repository
public class ContractRepository {

    /** ACTIVE until the end of the term, then EXPIRED (by the UTC day); CANCELLED stays. */
    static final String EFFECTIVE_STATUS = """
            case when status = 'CANCELLED' then 'CANCELLED'
                 when end_date < (now() at time zone 'UTC')::date then 'EXPIRED'
                 else 'ACTIVE' end""";

    private static final String COLUMNS = """
            id, customer_id, name, start_date, end_date, value, currency, auto_renew, status as stored_status,
            term_number, renewal_opportunity_id, created_at, updated_at, created_by, updated_by, version,
            """ + EFFECTIVE_STATUS + " as effective_status";

    private final JdbcClient jdbc;

    public ContractRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ContractRecord insert(UUID tenant, UUID id, UUID customerId, String name, LocalDate start, LocalDate end,
                                 BigDecimal value, String currency, boolean autoRenew, String actor) {
        return jdbc.sql("""
                        insert into contract (id, tenant_id, customer_id, name, start_date, end_date, value, currency,
                                              auto_renew, created_by, updated_by)
                        values (:id, :tenant, :customer, :name, :start, :end, :value, :currency, :autoRenew, :actor,
                                :actor)
                        returning\s""" + COLUMNS)
                .param("id", id).param("tenant", tenant).param("customer", customerId).param("name", name)
                .param("start", start).param("end", end).param("value", value).param("currency", currency)
                .param("autoRenew", autoRenew).param("actor", actor)
                .query(ContractRepository::row)
                .single();
    }

    public Optional<ContractRecord> find(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from contract where tenant_id = :tenant and id = :id")
                .param("tenant", tenant).param("id", id).query(ContractRepository::row).optional();
    }

    /** The contract, locked until the transaction ends (serialises patches and renewal handling). */
    public Optional<ContractRecord> lock(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from contract where tenant_id = :tenant and id = :id for no key update")
                .param("tenant", tenant).param("id", id).query(ContractRepository::row).optional();
    }

    public ContractRecord update(UUID tenant, ContractRecord contract, String actor) {
        return jdbc.sql("""
                        update contract
                           set name = :name, start_date = :start, end_date = :end, value = :value, currency = :currency,
                               auto_renew = :autoRenew, status = :status, term_number = :term,
                               renewal_opportunity_id = :renewal, updated_at = now(), updated_by = :actor,
                               version = version + 1
                         where tenant_id = :tenant and id = :id and version = :version
                        returning\s""" + COLUMNS)
                .param("tenant", tenant).param("id", contract.id()).param("version", contract.version())
                .param("name", contract.name()).param("start", contract.startDate()).param("end", contract.endDate())
                .param("value", contract.value()).param("currency", contract.currency())
                .param("autoRenew", contract.autoRenew()).param("status", contract.storedStatus())
                .param("term", contract.termNumber()).param("renewal", contract.renewalOpportunityId())
                .param("actor", actor)
                .query(ContractRepository::row)
                .single();
    }

    public Page<ContractRecord> page(UUID tenant, UUID customerId, String status, LocalDate endingBefore,
                                     PageQuery query) {
        Keyset keyset = Keyset.of(query, "id");
        List<ContractRecord> rows = jdbc.sql("select " + COLUMNS + """
                         from contract
                        where tenant_id = :tenant
                          and (cast(:customer as uuid) is null or customer_id = :customer)
                          and (cast(:endingBefore as date) is null or end_date < :endingBefore)
                          and (cast(:status as text) is null or (""" + EFFECTIVE_STATUS + """
                        ) = :status)
                          and\s""" + keyset.where() + " order by " + keyset.orderBy() + " limit " + keyset.fetchLimit())
                .param("tenant", tenant).param("customer", customerId).param("endingBefore", endingBefore)
                .param("status", status)
                .params(keyset.params())
                .query(ContractRepository::row)
                .list();
        return keyset.page(rows, (row, field) -> switch (field) {
            case "createdAt" -> row.createdAt();
            case "startDate" -> row.startDate();
            case "endDate" -> row.endDate();
            default -> row.id();
        });
    }

    /** Whether this term's renewal was handled already (the exactly-once guard). */
    public boolean renewalHandled(UUID tenant, UUID contractId, int term) {
        return jdbc.sql("""
                        select 1 from contract_renewal
                         where tenant_id = :tenant and contract_id = :contract and term_number = :term""")
                .param("tenant", tenant).param("contract", contractId).param("term", term)
                .query(Integer.class).optional().isPresent();
    }

    /**
     * Records that this term's renewal was handled. False when it already was: the primary key makes a second
     * record impossible, whatever the callers did before.
     */
    public boolean recordRenewal(UUID tenant, ContractRecord contract, String outcome, UUID opportunityId,
                                 String actor) {
        return jdbc.sql("""
                        insert into contract_renewal (contract_id, term_number, tenant_id, outcome,
                                                      renewal_opportunity_id, term_start, term_end, handled_by)
                        values (:contract, :term, :tenant, :outcome, :opportunity, :start, :end, :actor)
                        on conflict (contract_id, term_number) do nothing""")
                .param("contract", contract.id()).param("term", contract.termNumber()).param("tenant", tenant)
                .param("outcome", outcome).param("opportunity", opportunityId)
                .param("start", contract.startDate()).param("end", contract.endDate()).param("actor", actor)
                .update() == 1;
    }

    private static ContractRecord row(ResultSet rs, int row) throws SQLException {
        return new ContractRecord(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("name"), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), rs.getBigDecimal("value"), rs.getString("currency"),
                rs.getBoolean("auto_renew"), rs.getString("stored_status"), rs.getString("effective_status"),
                rs.getInt("term_number"), rs.getObject("renewal_opportunity_id", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("created_by"),
                rs.getString("updated_by"), rs.getLong("version"));
    }

    /**
     * @param storedStatus    ACTIVE or CANCELLED
     * @param effectiveStatus ACTIVE, EXPIRED or CANCELLED, as the API shows it
     */
    public record ContractRecord(UUID id, UUID customerId, String name, LocalDate startDate, LocalDate endDate,
                                 BigDecimal value, String currency, boolean autoRenew, String storedStatus,
                                 String effectiveStatus, int termNumber, UUID renewalOpportunityId, Instant createdAt,
                                 Instant updatedAt, String createdBy, String updatedBy, long version) {

        public boolean cancelled() {
            return "CANCELLED".equals(storedStatus);
        }

        ContractRecord withTerms(String name, LocalDate start, LocalDate end, BigDecimal value, String currency,
                                 boolean autoRenew, String storedStatus, int termNumber, UUID renewalOpportunityId) {
            return new ContractRecord(id, customerId, name, start, end, value, currency, autoRenew, storedStatus,
                    effectiveStatus, termNumber, renewalOpportunityId, createdAt, updatedAt, createdBy, updatedBy,
                    version);
        }
    }
}
