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

-- Exact-match lookup of customers by normalised email or phone, one row per key, kept in step with
-- customer.email_keys/phone_keys by statement-level triggers (set-based, via transition tables). An import matches
-- 20,000 rows per batch against a million customers; a GIN index on the key arrays cannot serve that: an overlap
-- with a 20,000-element array is planned as a sequential scan comparing every array with every key (measured:
-- 90 s for one batch on 50,000 customers), while a B-tree probe per key takes microseconds.
create table customer_contact_key (
    tenant_id   uuid not null,
    key         text not null,
    -- no foreign key and no primary key: the triggers own these rows, and every extra per-row check or index
    -- slows bulk inserts of customers (measured: a (tenant, key, customer) primary key tripled the cost)
    customer_id uuid not null
);
create index customer_contact_key_key_idx on customer_contact_key (key);
create index customer_contact_key_customer_idx on customer_contact_key (customer_id);

create function customer_contact_key_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id from new_rows n, unnest(n.email_keys || n.phone_keys) k;
    return null;
end $$;

create function customer_contact_key_updated() returns trigger language plpgsql as $$
begin
    -- only customers whose keys changed: most updates (names, tags, status) leave the keys alone
    delete from customer_contact_key k
    using old_rows o join new_rows n on n.id = o.id
    where k.customer_id = o.id
      and (n.email_keys, n.phone_keys) is distinct from (o.email_keys, o.phone_keys);
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id
    from new_rows n join old_rows o on o.id = n.id, unnest(n.email_keys || n.phone_keys) k
    where (n.email_keys, n.phone_keys) is distinct from (o.email_keys, o.phone_keys);
    return null;
end $$;

create function customer_contact_key_deleted() returns trigger language plpgsql as $$
begin
    delete from customer_contact_key k using old_rows o where k.customer_id = o.id;
    return null;
end $$;

create trigger customer_contact_key_insert after insert on customer
    referencing new table as new_rows for each statement execute function customer_contact_key_inserted();
create trigger customer_contact_key_update after update on customer
    referencing old table as old_rows new table as new_rows for each statement execute function customer_contact_key_updated();
create trigger customer_contact_key_delete after delete on customer
    referencing old table as old_rows for each statement execute function customer_contact_key_deleted();

insert into customer_contact_key (tenant_id, key, customer_id)
select c.tenant_id, k, c.id from customer c, unnest(c.email_keys || c.phone_keys) k;

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

alter table customer_contact_key enable row level security;
alter table customer_contact_key force row level security;
create policy tenant_isolation on customer_contact_key
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table import_staging enable row level security;
alter table import_staging force row level security;
create policy tenant_isolation on import_staging
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
