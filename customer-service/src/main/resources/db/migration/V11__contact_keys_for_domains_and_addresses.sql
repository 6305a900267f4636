-- Duplicate detection (GET /customers/{id}/duplicates) also matches customers by company email domain and by
-- postal address. Those probes compared customer.email_domains and customer_address_keys(addresses) on every row of
-- the tenant: the GIN indexes for them cannot be used under the tenant policy (V7), so each request with a company
-- domain was a sequential scan, 0.2-1 s at a million customers. customer_contact_key now also holds
--   '@' || domain   for each email domain, and
--   the address keys of customer_address_keys() ('pc:...' and 'st:...'),
-- so those probes are B-tree range reads like the email and phone ones. Neither form can equal a normalised email
-- (it has a local part before '@') or a phone number (E.164, '+' and digits), so the exact-match probes of create
-- and import are unaffected.

create function customer_contact_keys(email_keys text[], phone_keys text[], email_domains text[], addresses jsonb)
    returns text[] language plpgsql immutable parallel safe as $$
declare
    keys text[] := coalesce(email_keys, '{}') || coalesce(phone_keys, '{}');
    d text;
begin
    if email_domains is not null then
        foreach d in array email_domains loop
            keys := keys || ('@' || d);
        end loop;
    end if;
    -- most customers have no address: skip the query of customer_address_keys() for them
    if jsonb_typeof(addresses) = 'array' and jsonb_array_length(addresses) > 0 then
        keys := keys || customer_address_keys(addresses);
    end if;
    return keys;
end $$;

create or replace function customer_contact_key_inserted() returns trigger language plpgsql as $$
begin
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id
    from new_rows n, unnest(customer_contact_keys(n.email_keys, n.phone_keys, n.email_domains, n.addresses)) k
    order by 2;
    return null;
end $$;

create or replace function customer_contact_key_updated() returns trigger language plpgsql as $$
declare
    changed uuid[];
begin
    -- only customers whose keys changed: most updates (names, tags, status) leave them alone
    select coalesce(array_agg(n.id), '{}') into changed
    from old_rows o join new_rows n on n.id = o.id
    where (n.email_keys, n.phone_keys, n.email_domains, n.addresses)
          is distinct from (o.email_keys, o.phone_keys, o.email_domains, o.addresses);
    if cardinality(changed) = 0 then
        return null;
    end if;
    delete from customer_contact_key k where k.customer_id = any (changed);
    insert into customer_contact_key (tenant_id, key, customer_id)
    select n.tenant_id, k, n.id
    from new_rows n, unnest(customer_contact_keys(n.email_keys, n.phone_keys, n.email_domains, n.addresses)) k
    where n.id = any (changed);
    return null;
end $$;

-- the existing customers' new keys; the owner running this is subject to customer's forced row-level security
alter table customer no force row level security;
alter table customer_contact_key no force row level security;
insert into customer_contact_key (tenant_id, key, customer_id)
select c.tenant_id, k, c.id
from customer c,
     unnest(customer_contact_keys('{}', '{}', c.email_domains, c.addresses)) k
order by 2;
alter table customer force row level security;
alter table customer_contact_key force row level security;

-- create or replace dropped the setting V9 gave the update trigger
alter function customer_contact_key_updated() set enable_seqscan = off;
