package dev.crmplatform.customer.imports;

/**
 * The set-based SQL that applies one batch of staged rows. Every statement works on the whole batch at once; the
 * temporary tables live for the batch's transaction only.
 */
final class ImportBatchSql {

    private ImportBatchSql() {
    }

    /** The batch's last row number and size: up to :limit staged rows after :through. */
    static final String BOUNDS = """
            select coalesce(max(row_number), 0) as upto, count(*) as rows
            from (select row_number from import_staging
                  where tenant_id = :tenant and job_id = :job and row_number > :through
                  order by row_number limit :limit) b""";

    /**
     * The batch's staged rows, each with its outcome so far: DUPLICATE for rows repeating an earlier row of the file
     * (marked at upload), CREATE for all others until {@link #MATCH} finds their customer. The caller analyzes the
     * table before and after matching, so that the statements of the batch are planned for its real size and
     * outcomes (the staging table's statistics usually describe an empty or a different job).
     */
    static final String CREATE_BATCH = """
            create temp table import_batch on commit drop as
            select s.*, cast(null as uuid) as match_id,
                   case when s.duplicate then 'DUPLICATE' else 'CREATE' end as outcome
            from import_staging s
            where s.tenant_id = :tenant and s.job_id = :job and s.row_number > :through and s.row_number <= :upto""";

    /**
     * The batch's size and the statistics of the columns its statements filter, join and group on. All columns took
     * 200-240 ms per 20,000-row batch (the JSON and text ones most), twice a batch; these take ~35 ms.
     */
    static final String ANALYZE_BATCH =
            "analyze import_batch (row_number, customer_id, duplicate, email, phone, match_id, outcome)";

    /**
     * Matches the batch's rows against existing customers: one B-tree probe of customer_contact_key per email and
     * phone, then one primary-key probe of each candidate customer. The probes are lateral subqueries that cannot be
     * flattened (offset 0), so they stay parameterized index scans whatever the statistics of customer and
     * customer_contact_key say (during a big import they lag far behind: a plan built on them scanned every customer
     * per candidate), while the rest of the statement is free to hash: before, hash joins were switched off for the
     * whole statement and the final join of 20,000 rows with their ~1,000 matches was a nested loop of 20 million
     * comparisons. An email match
     * wins over a phone match, then the oldest customer. Rows repeating an earlier row of the file were marked as
     * duplicates at upload; they cannot match a customer this import created, because such a customer's email and
     * phone come from an earlier row.
     */
    static final String MATCH = """
            update import_batch b
            set match_id = m.match_id, outcome = case when :onMatch = 'SKIP' then 'SKIP' else 'UPDATE' end
            from (
                select distinct on (x.row_number) x.row_number, c.id as match_id
                from (select b.row_number, k.customer_id, 0 as priority
                      from import_batch b cross join lateral (
                          select k.customer_id from customer_contact_key k
                          where k.tenant_id = :tenant and k.key = b.email offset 0) k
                      where not b.duplicate and b.email is not null
                      union all
                      select b.row_number, k.customer_id, 1 as priority
                      from import_batch b cross join lateral (
                          select k.customer_id from customer_contact_key k
                          where k.tenant_id = :tenant and k.key = b.phone offset 0) k
                      where not b.duplicate and b.phone is not null) x
                cross join lateral (
                    select c.id, c.created_at from customer c
                    where c.id = x.customer_id and c.tenant_id = :tenant and c.status = 'ACTIVE' offset 0) c
                order by x.row_number, x.priority, c.created_at, c.id
            ) m
            where b.row_number = m.row_number""";

    static final String OUTCOMES = "select outcome, count(*) from import_batch group by outcome";

    /**
     * Locks the customers about to be updated, in id order (the same order everywhere avoids deadlocks). The ids are
     * an array, so that they are primary-key probes ({@code = any}, in index order): as a semi-join against the
     * batch the planner walked the whole primary key in id order instead (1.5 s per batch at 800,000 customers).
     */
    static final String LOCK_MATCHED = """
            select c.id from customer c
            where c.tenant_id = :tenant
              and c.id = any (array(select distinct match_id from import_batch where outcome = 'UPDATE'))
            order by c.id for update""";

    /**
     * Rows matching a customer that what the file adds would take over its limits ({@code CustomerLimits}: 20 emails,
     * 20 phones, 50 tags) fail, with an error each, and leave that customer as it is: stored, it could no longer be
     * patched. Run in the batch's turn, with the matched customers locked, so that it sees what earlier batches added.
     */
    static final String FAIL_OVER_LIMITS = """
            with rows as (
                select * from import_batch where outcome = 'UPDATE'
            ),
            added as (
                select match_id,
                       array_agg(distinct email) filter (where email is not null) as emails,
                       array_agg(distinct phone) filter (where phone is not null) as phones
                from rows group by match_id
            ),
            added_tags as (
                select match_id, array_agg(distinct t) as tags from rows, unnest(tags) t group by match_id
            ),
            over as (
                select a.match_id,
                       case when cardinality(c.email_keys)
                                 + (select count(*) from unnest(a.emails) k where k <> all (c.email_keys)) > :maxEmails
                                then 'email'
                            when cardinality(c.phone_keys)
                                 + (select count(*) from unnest(a.phones) k where k <> all (c.phone_keys)) > :maxPhones
                                then 'phone'
                            when cardinality(c.tags)
                                 + (select count(*) from unnest(at.tags) t where t <> all (c.tags)) > :maxTags
                                then 'tags' end as field
                from added a join customer c on c.id = a.match_id and c.tenant_id = :tenant
                left join added_tags at on at.match_id = a.match_id
            ),
            failed as (
                update import_batch b set outcome = 'FAILED'
                from over o
                where o.field is not null and b.match_id = o.match_id and b.outcome = 'UPDATE'
                returning b.row_number, o.field
            )
            insert into import_error (tenant_id, job_id, row_number, field, reason)
            select :tenant, :job, row_number, field,
                   'the matching customer would have more than ' || case field when 'email' then :maxEmails || ' emails'
                       when 'phone' then :maxPhones || ' phones' else :maxTags || ' tags' end
            from failed""";

    /** Customers created or updated by the batch, with their new state, for history and events. */
    static final String CREATE_CHANGED = """
            create temp table import_changed (customer_id uuid, event_id uuid, version bigint, change_type text,
                event_type text, changed_fields text[], state jsonb, search_terms text[]) on commit drop""";

    static final String INSERT_CREATED = """
            with created as (
                insert into customer (id, tenant_id, type, first_name, last_name, organization_name, display_name,
                    emails, phones, email_keys, phone_keys, email_domains, lifecycle_stage, tags, search_text,
                    created_by, updated_by)
                select customer_id, tenant_id, type, first_name, last_name, organization_name, display_name,
                    emails, phones,
                    case when email is null then '{}'::text[] else array[email] end,
                    case when phone is null then '{}'::text[] else array[phone] end,
                    case when email is null then '{}'::text[] else array[split_part(email, '@', 2)] end,
                    coalesce(lifecycle_stage, 'LEAD'), tags, search_text, :actor, :actor
                from import_batch where outcome = 'CREATE'
                order by row_number
                returning id, version, customer_state(customer) as state, search_terms
            )
            insert into import_changed (customer_id, event_id, version, change_type, event_type, state, search_terms)
            select c.id, b.event_id, c.version, 'CREATED', :createdType, c.state, c.search_terms
            from created c join import_batch b on b.customer_id = c.id""";

    /**
     * The dictionary words of the created customers, which their insert trigger left to the batch (V12): added after
     * the batch's turn, so that batches in flight never wait on each other's new words.
     */
    static final String ADD_CREATED_WORDS = """
            insert into customer_search_word (tenant_id, word)
            select cast(:tenant as uuid), w
            from (select distinct t as w from import_changed, unnest(search_terms) t
                  where change_type = 'CREATED' and position('@' in t) = 0 and left(t, 1) <> '#') x
            order by w
            on conflict do nothing""";

    /**
     * Matched customers get what the file adds, as if its rows were applied one after the other: names fill only
     * what is empty (the earliest row wins), a given lifecycle stage replaces the current one (the latest row wins),
     * tags, emails and phones are added when new. Several rows of one batch matching the same customer are folded
     * into one update. A customer to whom the file adds nothing keeps its version and gets no event.
     */
    static final String UPDATE_MATCHED = """
            with rows as (
                select * from import_batch where outcome = 'UPDATE'
            ),
            folded as (
                select match_id,
                       (array_agg(first_name order by row_number) filter (where first_name is not null))[1] as first_name,
                       (array_agg(last_name order by row_number) filter (where last_name is not null))[1] as last_name,
                       (array_agg(organization_name order by row_number) filter (where organization_name is not null))[1]
                           as organization_name,
                       (array_agg(lifecycle_stage order by row_number desc) filter (where lifecycle_stage is not null))[1]
                           as lifecycle_stage,
                       (array_agg(event_id order by row_number))[1] as event_id
                from rows group by match_id
            ),
            new_tags as (
                select match_id, array_agg(tag order by first_row, first_pos) as tags
                from (select match_id, tag, min(row_number) as first_row, min(pos) as first_pos
                      from rows, unnest(tags) with ordinality as t(tag, pos)
                      group by match_id, tag) t
                group by match_id
            ),
            new_emails as (
                select match_id, array_agg(email order by first_row) as keys,
                       jsonb_agg(email_json order by first_row) as objects
                from (select match_id, email, min(row_number) as first_row,
                             (array_agg(emails -> 0 order by row_number))[1] as email_json
                      from rows where email is not null group by match_id, email) e
                group by match_id
            ),
            new_phones as (
                select match_id, array_agg(phone order by first_row) as keys,
                       jsonb_agg(phone_json order by first_row) as objects
                from (select match_id, phone, min(row_number) as first_row,
                             (array_agg(phones -> 0 order by row_number))[1] as phone_json
                      from rows where phone is not null group by match_id, phone) p
                group by match_id
            ),
            merged as (
                select c.id, f.event_id, c.type,
                       coalesce(c.first_name, f.first_name) as first_name,
                       coalesce(c.last_name, f.last_name) as last_name,
                       coalesce(c.organization_name, f.organization_name) as organization_name,
                       coalesce(f.lifecycle_stage, c.lifecycle_stage) as lifecycle_stage,
                       c.tags || array(select t from unnest(nt.tags) t where t <> all (c.tags)) as tags,
                       array(select k from unnest(ne.keys) k where k <> all (c.email_keys)) as added_emails,
                       array(select k from unnest(np.keys) k where k <> all (c.phone_keys)) as added_phones,
                       c.emails || coalesce((
                           select jsonb_agg(jsonb_set(o, '{primary}', to_jsonb(jsonb_array_length(c.emails) = 0 and n = 1))
                                            order by n)
                           from (select o, row_number() over (order by i) as n
                                 from jsonb_array_elements(ne.objects) with ordinality as x(o, i)
                                 where o ->> 'address' <> all (c.email_keys)) a), '[]') as emails,
                       c.phones || coalesce((
                           select jsonb_agg(jsonb_set(o, '{primary}', to_jsonb(jsonb_array_length(c.phones) = 0 and n = 1))
                                            order by n)
                           from (select o, row_number() over (order by i) as n
                                 from jsonb_array_elements(np.objects) with ordinality as x(o, i)
                                 where o ->> 'number' <> all (c.phone_keys)) a), '[]') as phones,
                       c.email_keys, c.phone_keys, c.email_domains,
                       c.first_name as old_first_name, c.last_name as old_last_name,
                       c.organization_name as old_organization_name, c.lifecycle_stage as old_lifecycle_stage,
                       c.tags as old_tags
                from folded f
                join customer c on c.id = f.match_id and c.tenant_id = :tenant and c.status = 'ACTIVE'
                left join new_tags nt on nt.match_id = f.match_id
                left join new_emails ne on ne.match_id = f.match_id
                left join new_phones np on np.match_id = f.match_id
            ),
            changes as (
                select m.*,
                       m.email_keys || m.added_emails as new_email_keys,
                       m.phone_keys || m.added_phones as new_phone_keys,
                       case when m.type = 'ORGANIZATION' then m.organization_name
                            else concat_ws(' ', m.first_name, m.last_name) end as display_name,
                       array_remove(array[
                           case when m.first_name is distinct from m.old_first_name then 'firstName' end,
                           case when m.last_name is distinct from m.old_last_name then 'lastName' end,
                           case when m.organization_name is distinct from m.old_organization_name
                                then 'organizationName' end,
                           case when cardinality(m.added_emails) > 0 then 'emails' end,
                           case when cardinality(m.added_phones) > 0 then 'phones' end,
                           case when m.lifecycle_stage is distinct from m.old_lifecycle_stage then 'lifecycleStage' end,
                           case when m.tags is distinct from m.old_tags then 'tags' end], null) as changed_fields
                from merged m
            ),
            updated as (
                update customer c
                set first_name = x.first_name, last_name = x.last_name, organization_name = x.organization_name,
                    display_name = x.display_name, emails = x.emails, phones = x.phones,
                    email_keys = x.new_email_keys, phone_keys = x.new_phone_keys,
                    email_domains = x.email_domains || array(
                        select distinct split_part(k, '@', 2) from unnest(x.added_emails) k
                        where split_part(k, '@', 2) <> all (x.email_domains)),
                    lifecycle_stage = x.lifecycle_stage, tags = x.tags,
                    search_text = customer_search_text(x.display_name, x.first_name, x.last_name,
                                                       x.organization_name, x.new_email_keys, x.new_phone_keys),
                    updated_at = now(), updated_by = :actor, version = c.version + 1
                from changes x
                where c.id = x.id and cardinality(x.changed_fields) > 0
                returning c.id, c.version, customer_state(c) as state, x.event_id, x.changed_fields
            )
            insert into import_changed (customer_id, event_id, version, change_type, event_type, changed_fields, state)
            select id, event_id, version, 'UPDATED', :updatedType, changed_fields, state from updated""";

    static final String RECORD_HISTORY = """
            insert into customer_change (tenant_id, customer_id, version, change_type, changed_by, snapshot)
            select :tenant, customer_id, version, change_type, :actor, state from import_changed
            order by customer_id""";

    /** Rows for OutboxWriter.appendAll: one event per changed customer, the payload shaped as the event schema. */
    static final String EVENTS = """
            select event_id as id, customer_id::text as msg_key, event_type, customer_id::text as subject,
                   customer_id::text as aggregate_id, version as aggregate_version,
                   case when changed_fields is null then jsonb_build_object('customer', state)
                        else jsonb_build_object('customer', state, 'changedFields', to_jsonb(changed_fields)) end
                       as payload
            from import_changed
            order by customer_id""";

    static final String DELETE_STAGED = """
            delete from import_staging
            where tenant_id = :tenant and job_id = :job and row_number > :through and row_number <= :upto""";
}
