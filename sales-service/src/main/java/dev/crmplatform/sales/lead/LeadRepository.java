package dev.crmplatform.sales.lead;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class LeadRepository {

    static final String COLUMNS = """
            l.id, l.first_name, l.last_name, l.email, l.phone, l.title, l.company, l.company_size, l.country,
            l.industry, l.source, l.campaign_id, l.notes, l.status, l.disqualified_reason, l.score,
            l.score_explanation::text as score_explanation, l.owner_id, l.assignment_rule, l.converted_customer_id,
            l.converted_opportunity_id, l.converted_at, l.converted_customer_created, l.anonymised, l.created_at, l.updated_at, l.created_by,
            l.updated_by, l.version""";

    private final JdbcClient jdbc;

    public LeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public LeadRow insert(UUID tenant, UUID id, LeadData d, int score, String explanationJson, String ownerId,
                          String assignmentRule, String actor) {
        return jdbc.sql("""
                        insert into lead as l (id, tenant_id, first_name, last_name, email, phone, title, company,
                                          company_size, country, industry, source, campaign_id, notes, score,
                                          score_explanation, owner_id, assignment_rule, created_by, updated_by)
                        values (:id, :tenant, :firstName, :lastName, :email, :phone, :title, :company, :companySize,
                                :country, :industry, :source, :campaignId, :notes, :score, cast(:explanation as jsonb),
                                :ownerId, :rule, :actor, :actor)
                        returning\s""" + COLUMNS)
                .param("id", id).param("tenant", tenant)
                .params(dataParams(d))
                .param("score", score).param("explanation", explanationJson)
                .param("ownerId", ownerId).param("rule", assignmentRule).param("actor", actor)
                .query(LeadRepository::row).single();
    }

    public Optional<LeadRow> find(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from lead l where l.tenant_id = :tenant and l.id = :id")
                .param("tenant", tenant).param("id", id).query(LeadRepository::row).optional();
    }

    public Optional<LeadRow> lock(UUID tenant, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from lead l where l.tenant_id = :tenant and l.id = :id for update")
                .param("tenant", tenant).param("id", id).query(LeadRepository::row).optional();
    }

    public LeadRow update(UUID tenant, UUID id, LeadData d, String status, String disqualifiedReason, int score,
                          String explanationJson, String ownerId, String assignmentRule, String actor) {
        return jdbc.sql("""
                        update lead l set first_name = :firstName, last_name = :lastName, email = :email,
                            phone = :phone, title = :title, company = :company, company_size = :companySize,
                            country = :country, industry = :industry, source = :source, campaign_id = :campaignId,
                            notes = :notes, status = :status, disqualified_reason = :reason, score = :score,
                            score_explanation = cast(:explanation as jsonb), owner_id = :ownerId,
                            assignment_rule = :rule, updated_at = now(), updated_by = :actor, version = l.version + 1
                        where l.tenant_id = :tenant and l.id = :id
                        returning\s""" + COLUMNS)
                .param("tenant", tenant).param("id", id)
                .params(dataParams(d))
                .param("status", status).param("reason", disqualifiedReason)
                .param("score", score).param("explanation", explanationJson)
                .param("ownerId", ownerId).param("rule", assignmentRule).param("actor", actor)
                .query(LeadRepository::row).single();
    }

    public LeadRow markConverted(UUID tenant, UUID id, UUID customerId, UUID opportunityId, boolean customerCreated,
                                 String actor) {
        return jdbc.sql("""
                        update lead l set status = 'CONVERTED', converted_customer_id = :customer,
                            converted_opportunity_id = :opportunity, converted_customer_created = :created, converted_at = now(),
                            updated_at = now(),
                            updated_by = :actor, version = l.version + 1
                        where l.tenant_id = :tenant and l.id = :id
                        returning\s""" + COLUMNS)
                .param("tenant", tenant).param("id", id).param("customer", customerId)
                .param("opportunity", opportunityId).param("created", customerCreated).param("actor", actor)
                .query(LeadRepository::row).single();
    }

    /** Rows for a list query built by {@link LeadSearch}. */
    List<LeadRow> query(String sql, Map<String, Object> params) {
        return jdbc.sql(sql).params(params).query(LeadRepository::row).list();
    }

    private static Map<String, Object> dataParams(LeadData d) {
        var params = new java.util.HashMap<String, Object>();
        params.put("firstName", d.firstName());
        params.put("lastName", d.lastName());
        params.put("email", d.email());
        params.put("phone", d.phone());
        params.put("title", d.title());
        params.put("company", d.company());
        params.put("companySize", d.companySize());
        params.put("country", d.country());
        params.put("industry", d.industry());
        params.put("source", d.source());
        params.put("campaignId", d.campaignId());
        params.put("notes", d.notes());
        return params;
    }

    static LeadRow row(ResultSet rs, int n) throws SQLException {
        LeadData data = new LeadData(rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("title"), rs.getString("company"),
                (Integer) rs.getObject("company_size"), rs.getString("country"), rs.getString("industry"),
                rs.getString("source"), rs.getString("campaign_id"), rs.getString("notes"));
        return new LeadRow(rs.getObject("id", UUID.class), data, rs.getString("status"),
                rs.getString("disqualified_reason"), rs.getInt("score"), rs.getString("score_explanation"),
                rs.getString("owner_id"), rs.getString("assignment_rule"),
                rs.getObject("converted_customer_id", UUID.class), rs.getObject("converted_opportunity_id", UUID.class),
                rs.getObject("converted_at", OffsetDateTime.class), (Boolean) rs.getObject("converted_customer_created"),
                rs.getBoolean("anonymised"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("created_by"), rs.getString("updated_by"), rs.getLong("version"));
    }
}
