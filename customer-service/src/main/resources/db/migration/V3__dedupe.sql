-- Duplicate detection (GET /customers/{id}/duplicates) finds candidates through indexes only, so it stays fast at
-- millions of rows: names via customer_search_trgm_idx (V1), exact emails and phones via their V1 GIN indexes, and
-- here email domains and address keys.

create index customer_email_domains_idx on customer using gin (email_domains);

-- Match keys of a customer's postal addresses: 'pc:<country>:<postal code>' and 'st:<country>:<city>:<line1>',
-- lower-cased with whitespace and punctuation removed so "Main St. 1" and "main st 1" meet. Immutable (depends only
-- on its argument), so it can back an expression index.
create function customer_address_keys(addresses jsonb) returns text[]
    language sql immutable strict parallel safe as $$
    select coalesce(array_agg(distinct k) filter (where k is not null), '{}')
    from jsonb_array_elements(case when jsonb_typeof(addresses) = 'array' then addresses else '[]' end) a,
         lateral (values
             (case when coalesce(a ->> 'postalCode', '') <> '' and coalesce(a ->> 'country', '') <> ''
                   then 'pc:' || lower(a ->> 'country') || ':'
                        || regexp_replace(lower(a ->> 'postalCode'), '[^[:alnum:]]', '', 'g') end),
             (case when coalesce(a ->> 'line1', '') <> '' and coalesce(a ->> 'city', '') <> ''
                   then 'st:' || lower(coalesce(a ->> 'country', '')) || ':'
                        || regexp_replace(lower(a ->> 'city'), '[^[:alnum:]]', '', 'g') || ':'
                        || regexp_replace(lower(a ->> 'line1'), '[^[:alnum:]]', '', 'g') end)
         ) as keys(k)
$$;

create index customer_address_keys_idx on customer using gin (customer_address_keys(addresses));
