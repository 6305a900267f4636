-- The CSV import applies a job's batches in concurrent transactions that commit in file order (ImportProcessor):
-- a batch creates its new customers, then waits until the batch before it has committed. Had the insert trigger
-- added new dictionary words there, two batches sharing a word new to the tenant (a fresh tenant's first import:
-- almost every pair) would wait on each other, the later one for the earlier one's commit and the earlier one for
-- the later one's uncommitted word, a deadlock PostgreSQL ends only after deadlock_timeout by aborting one of them
-- (measured in CustomerImportIT before this change). A transaction that sets crm.search_words_deferred adds the
-- words of the customers it inserts itself; the import does so after its turn, when no earlier batch is in flight.
-- Postings are unaffected: a (tenant, term, customer) key is never shared between transactions.

create or replace function customer_search_terms_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_search_term (tenant_id, term, customer_id)
    select n.tenant_id, t collate "C", n.id from new_rows n, unnest(n.search_terms) t
    order by 1, 2, 3;
    if coalesce(current_setting('crm.search_words_deferred', true), '') <> 'on' then
        -- sorted, so that concurrent writers adding the same new words take them in one order
        insert into customer_search_word (tenant_id, word)
        select distinct n.tenant_id, t from new_rows n, unnest(n.search_terms) t
        where position('@' in t) = 0 and left(t, 1) <> '#'
        order by 1, 2
        on conflict do nothing;
    end if;
    return null;
end $$;
