-- The insert triggers of V5 and V6 add their rows in key order, and the update and delete triggers keep to index
-- access. A bulk insert of customers (an import batch: 20,000 customers, ~175,000 search-term postings, ~40,000
-- contact keys) otherwise inserts into the posting and key B-trees in random order, touching a different leaf page per
-- row of an index far larger than shared_buffers; sorted, consecutive rows land on the same or the next leaf page.
-- Same rows as before.

create or replace function customer_contact_key_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id from new_rows n, unnest(n.email_keys || n.phone_keys) k
    order by 2;
    return null;
end $$;

create or replace function customer_search_terms_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_search_term (tenant_id, term, customer_id)
    select n.tenant_id, t collate "C", n.id from new_rows n, unnest(n.search_terms) t
    order by 1, 2, 3;
    -- sorted, so that concurrent writers adding the same new words take them in one order
    insert into customer_search_word (tenant_id, word)
    select distinct n.tenant_id, t from new_rows n, unnest(n.search_terms) t
    where position('@' in t) = 0 and left(t, 1) <> '#'
    order by 1, 2
    on conflict do nothing;
    return null;
end $$;

-- The update and delete triggers read customer_contact_key, customer_search_term and customer_search_word only by
-- key. During a bulk import those tables grow faster than autovacuum analyzes them, and with their stale
-- statistics (a few distinct terms, thousands of rows per term) the planner chose hash joins over sequential scans
-- of the whole posting table: measured 6-7 s instead of 0.3 s for an import batch updating ~1,000 customers, in
-- the first batches after a large import. Discouraged for the duration of these functions only.
alter function customer_contact_key_updated() set enable_seqscan = off;
alter function customer_contact_key_deleted() set enable_seqscan = off;
alter function customer_search_terms_updated() set enable_seqscan = off;
alter function customer_search_terms_deleted() set enable_seqscan = off;
