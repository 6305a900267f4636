-- Free-text search (GET /customers?q=) with bounded work at millions of customers.
--
-- A trigram filter over customer.search_text (V1) lets 25,000-100,000 rows of a million pass for a common name or
-- a short prefix, and ranking them all costs 0.5-2.5 s. Instead:
--   * every customer has its search terms (customer.search_terms, generated): the words of its names, the words
--     of its email addresses and the addresses themselves;
--   * customer_search_term holds one row per (tenant, term, customer): a posting list per term, read in customer id
--     order straight from its primary key, so a query reads only as many postings as it returns;
--   * phone numbers are found by digit fragments as prefixes of their suffixes: '#' followed by every suffix of at
--     least 5 digits of the number, so "5550100" is the B-tree range '#5550100' .. '#5550101';
--   * customer_search_word is the per-tenant dictionary of distinct words (no email addresses), small, with a
--     trigram index: a query word is expanded to its candidate words (prefix and typo matches) there, and each
--     candidate's similarity is computed once per word, never per customer.
-- Both tables are kept by statement-level triggers on customer (set-based through transition tables), so creates,
-- patches, merges, erasures and the import's set-based SQL all maintain them in their own transaction. A merged or
-- erased customer has no search terms: its postings go, and so does a dictionary word no other customer has.
-- Only B-tree equality and range conditions on text and uuid are used: they are leakproof, so PostgreSQL uses them
-- as index conditions under row-level security. Trigram and array operators are not leakproof: under the tenant
-- policy an index on them is never used (measured: '... like %8210113%' and 'search_terms && ...' were sequential
-- scans of a million rows, 1.5-2 s, as the application's role, while the superuser's EXPLAIN showed 10 ms index
-- scans). search_text and its trigram index stay for duplicate detection.

-- Search terms of a customer: the lower-cased words of its names (apostrophes dropped, split at anything that is not
-- a letter or digit), its email addresses, the letter runs of each address's local part and domain without the
-- top-level domain ("janet.thomas42@gmail.com" gives janet, thomas, gmail), and '#' with each suffix of at least 5
-- digits of each phone number. None unless ACTIVE or ARCHIVED.
create function customer_search_terms(display_name text, first_name text, last_name text, organization_name text,
                                      email_keys text[], phone_keys text[], status text) returns text[]
    language sql immutable parallel safe as $$
    select case when status in ('ACTIVE', 'ARCHIVED') then coalesce((
        select array_agg(distinct t order by t)
        from (select w as t
              from unnest(array[display_name, first_name, last_name, organization_name]) n,
                   regexp_split_to_table(regexp_replace(lower(n), '[''’]', '', 'g'), '[^[:alnum:]]+') w
              union all
              select lower(e) from unnest(email_keys) e
              union all
              select w
              from unnest(email_keys) e,
                   regexp_split_to_table(lower(split_part(e, '@', 1) || ' '
                                               || regexp_replace(split_part(e, '@', 2), '\.[^.]*$', '')),
                                         '[^[:alpha:]]+') w
              where length(w) >= 2
              union all
              select '#' || substr(d, i)
              from unnest(phone_keys) p, regexp_replace(p, '\D', '', 'g') d, generate_series(1, length(d) - 4) i) x
        where t <> ''), '{}') else '{}' end
$$;

alter table customer add column search_terms text[] not null generated always as (
    customer_search_terms(display_name, first_name, last_name, organization_name, email_keys, phone_keys, status))
    stored;

-- Posting lists. Collation "C" so that a prefix is a plain B-tree range (term >= 'smi' and term < 'smj').
create table customer_search_term (
    tenant_id   uuid not null,
    term        text collate "C" not null,
    customer_id uuid not null
);

-- The dictionary: distinct words per tenant (terms that are neither email addresses nor phone suffixes).
create table customer_search_word (
    tenant_id uuid not null,
    word      text collate "C" not null
);

-- Backfill before the keys exist (a bulk index build is much faster than a million-row insert into a B-tree). The
-- owner running this migration is subject to customer's forced row-level security; lift it for the backfill only.
alter table customer no force row level security;
insert into customer_search_term (tenant_id, term, customer_id)
select c.tenant_id, t, c.id from customer c, unnest(c.search_terms) t;
alter table customer force row level security;
insert into customer_search_word (tenant_id, word)
select distinct tenant_id, term from customer_search_term where position('@' in term) = 0 and left(term, 1) <> '#';

alter table customer_search_term add primary key (tenant_id, term, customer_id);
alter table customer_search_word add primary key (tenant_id, word);
create index customer_search_word_trgm_idx on customer_search_word using gin (word gin_trgm_ops);

create function customer_search_terms_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_search_term (tenant_id, term, customer_id)
    select n.tenant_id, t, n.id from new_rows n, unnest(n.search_terms) t;
    -- sorted, so that concurrent writers adding the same new words take them in one order
    insert into customer_search_word (tenant_id, word)
    select distinct n.tenant_id, t from new_rows n, unnest(n.search_terms) t
    where position('@' in t) = 0 and left(t, 1) <> '#'
    order by 1, 2
    on conflict do nothing;
    return null;
end $$;

create function customer_search_terms_updated() returns trigger language plpgsql as $$
begin
    -- only customers whose terms changed: most updates (tags, stage, owner, consents) leave them alone
    delete from customer_search_term t
    using old_rows o join new_rows n on n.id = o.id, unnest(o.search_terms) r
    where o.search_terms is distinct from n.search_terms and r <> all (n.search_terms)
      and t.tenant_id = o.tenant_id and t.term = r and t.customer_id = o.id;
    insert into customer_search_term (tenant_id, term, customer_id)
    select n.tenant_id, a, n.id
    from old_rows o join new_rows n on n.id = o.id, unnest(n.search_terms) a
    where o.search_terms is distinct from n.search_terms and a <> all (o.search_terms);
    insert into customer_search_word (tenant_id, word)
    select distinct n.tenant_id, a
    from old_rows o join new_rows n on n.id = o.id, unnest(n.search_terms) a
    where o.search_terms is distinct from n.search_terms and a <> all (o.search_terms)
      and position('@' in a) = 0 and left(a, 1) <> '#'
    order by 1, 2
    on conflict do nothing;
    -- words that no customer has any more leave the dictionary (an erased customer's rare name must not stay findable)
    delete from customer_search_word d
    using (select distinct o.tenant_id, r
           from old_rows o join new_rows n on n.id = o.id, unnest(o.search_terms) r
           where o.search_terms is distinct from n.search_terms and r <> all (n.search_terms)
             and position('@' in r) = 0 and left(r, 1) <> '#') x
    where d.tenant_id = x.tenant_id and d.word = x.r
      and not exists (select 1 from customer_search_term t where t.tenant_id = d.tenant_id and t.term = d.word);
    return null;
end $$;

create function customer_search_terms_deleted() returns trigger language plpgsql as $$
begin
    delete from customer_search_term t
    using old_rows o, unnest(o.search_terms) r
    where t.tenant_id = o.tenant_id and t.term = r and t.customer_id = o.id;
    delete from customer_search_word d
    using (select distinct o.tenant_id, r from old_rows o, unnest(o.search_terms) r
           where position('@' in r) = 0 and left(r, 1) <> '#') x
    where d.tenant_id = x.tenant_id and d.word = x.r
      and not exists (select 1 from customer_search_term t where t.tenant_id = d.tenant_id and t.term = d.word);
    return null;
end $$;

create trigger customer_search_terms_insert after insert on customer
    referencing new table as new_rows for each statement execute function customer_search_terms_inserted();
create trigger customer_search_terms_update after update on customer
    referencing old table as old_rows new table as new_rows for each statement execute function customer_search_terms_updated();
create trigger customer_search_terms_delete after delete on customer
    referencing old table as old_rows for each statement execute function customer_search_terms_deleted();

alter table customer_search_term enable row level security;
alter table customer_search_term force row level security;
create policy tenant_isolation on customer_search_term
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table customer_search_word enable row level security;
alter table customer_search_word force row level security;
create policy tenant_isolation on customer_search_word
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
