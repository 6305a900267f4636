-- The statement-level update triggers of V5 and V6, rewritten so that their plans stay linear in the rows updated.
--
-- Measured on a batch of the CSV import that updates ~1,000 customers of a tenant with 400,000 contact keys:
--   * customer_contact_key_updated's delete joined the whole contact-key table (a sequential scan and an external
--     sort of 400,000 keys, 0.2 s) to the changed customers; now the changed ids are collected first and their keys
--     deleted through customer_contact_key_customer_idx (= any of an array: an index condition, and leakproof).
--   * customer_search_terms_updated's delete re-read new_rows once per row of old_rows (a nested loop over a hash
--     join: 1,000 x 1,000 rows, 0.5 s); now the removed (customer, term) pairs are computed first by a hash join of the
--     two transition tables, materialized, and deleted by primary key (likewise the dictionary words that go).
-- Behaviour is unchanged: the same rows are deleted and inserted.

create or replace function customer_contact_key_updated() returns trigger language plpgsql as $$
declare
    changed uuid[];
begin
    -- only customers whose keys changed: most updates (names, tags, status) leave the keys alone
    select coalesce(array_agg(n.id), '{}') into changed
    from old_rows o join new_rows n on n.id = o.id
    where (n.email_keys, n.phone_keys) is distinct from (o.email_keys, o.phone_keys);
    if cardinality(changed) = 0 then
        return null;
    end if;
    delete from customer_contact_key k where k.customer_id = any (changed);
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id
    from new_rows n, unnest(n.email_keys || n.phone_keys) k
    where n.id = any (changed);
    return null;
end $$;

create or replace function customer_search_terms_updated() returns trigger language plpgsql as $$
begin
    -- only customers whose terms changed: most updates (tags, stage, owner, consents) leave them alone
    with removed as materialized (
        select o.tenant_id, o.id, r
        from old_rows o join new_rows n on n.id = o.id, unnest(o.search_terms) r
        where o.search_terms is distinct from n.search_terms and r <> all (n.search_terms))
    delete from customer_search_term t
    using removed x
    where t.tenant_id = x.tenant_id and t.term = x.r and t.customer_id = x.id;
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
    with gone as materialized (
        select distinct o.tenant_id, r
        from old_rows o join new_rows n on n.id = o.id, unnest(o.search_terms) r
        where o.search_terms is distinct from n.search_terms and r <> all (n.search_terms)
          and position('@' in r) = 0 and left(r, 1) <> '#')
    delete from customer_search_word d
    using gone x
    where d.tenant_id = x.tenant_id and d.word = x.r
      and not exists (select 1 from customer_search_term t where t.tenant_id = d.tenant_id and t.term = d.word);
    return null;
end $$;
