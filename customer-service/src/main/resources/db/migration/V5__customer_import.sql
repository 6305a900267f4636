-- CSV import (dev.crmplatform.customer.imports).
--
-- The upload validates and normalises every row in Java and stages the good ones here, with PostgreSQL COPY into a
-- temporary table first: COPY FROM refuses tables under row-level security, and the staging table is under RLS
-- like every table holding customer data. The job is then processed asynchronously in batches, each batch one
-- transaction that also advances import_job.processed_through, so a job interrupted by a restart resumes exactly
-- after its last committed batch.

alter table import_job
    add column on_match          text   not null default 'UPDATE' check (on_match in ('UPDATE', 'SKIP')),
    -- last data row number whose batch has committed: where a resumed job continues
    add column processed_through bigint not null default 0;

alter table import_error add column field text;

-- Rows that passed validation, normalised, waiting to be applied. A processed batch deletes its rows.
create table import_staging (
    tenant_id         uuid    not null,
    job_id            uuid    not null references import_job (id),
    row_number        bigint  not null,
    -- ids chosen at upload time (UUIDv7 from the platform generator): the customer the row creates, if it
    -- creates one, and its event; chosen once so that a re-run batch writes exactly the same thing
    customer_id       uuid    not null,
    event_id          uuid    not null,
    -- an earlier row of the same file has the same email or phone: skipped as a duplicate
    duplicate         boolean not null,
    type              text    not null,
    first_name        text,
    last_name         text,
    organization_name text,
    display_name      text    not null,
    email             text,
    phone             text,
    -- the API shapes of the row's email and phone, serialised by the service's JsonMapper like any create
    emails            jsonb   not null,
    phones            jsonb   not null,
    -- null when the row leaves it empty: LEAD for a new customer, unchanged for a matched one
    lifecycle_stage   text,
    tags              text[]  not null,
    search_text       text    not null,
    primary key (job_id, row_number)
);

-- The work queue of jobs still to process, claimed with FOR UPDATE SKIP LOCKED under a lease. Infrastructure like
-- the outbox: ids only, no customer data, and no row-level security, so that a worker outside any tenant can find
-- jobs of every tenant (it then processes each job as that job's tenant).
create table import_job_run (
    job_id       uuid        primary key references import_job (id),
    tenant_id    uuid        not null,
    locked_by    text,
    locked_until timestamptz,
    attempts     int         not null default 0,
    created_at   timestamptz not null default now()
);
create index import_job_run_claim_idx on import_job_run (locked_until nulls first, created_at);

-- What free-text search indexes for a customer, for rows changed in SQL: the same text as
-- CustomerData.searchText() builds in Java (names, emails, phones with and without '+', lower case, distinct,
-- in first-seen order).
create function customer_search_text(display_name text, first_name text, last_name text, organization_name text,
                                     email_keys text[], phone_keys text[]) returns text
    language sql immutable as $$
    select coalesce(string_agg(v, ' ' order by o), '')
    from (select lower(x) as v, min(o) as o
          from unnest(array[display_name, first_name, last_name, organization_name]
                      || email_keys
                      || array(select y
                               from unnest(phone_keys) with ordinality as p(n, i),
                                    unnest(array[n, substr(n, 2)]) with ordinality as q(y, j)
                               order by i, j)) with ordinality as u(x, o)
          where x is not null and btrim(x) <> ''
          group by lower(x)) w
$$;

alter table import_staging enable row level security;
alter table import_staging force row level security;
create policy tenant_isolation on import_staging
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
