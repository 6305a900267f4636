-- customer_search_terms() (V6), the expression of the stored generated column customer.search_terms, rewritten in
-- PL/pgSQL with the same result for every input.
--
-- The SQL version is one query with four unions of set-returning functions. Where it cannot be inlined into a plan
-- (a generated column's expression is evaluated outside the planner) every call starts and ends an executor for that
-- query: measured 250-280 us per row, 5.6 s of each 20,000-customer import batch (about 60 % of its insert) and the
-- same per API create or patch. This version splits and filters with simple expressions, which PL/pgSQL evaluates
-- without an executor, and runs one small query (distinct and sort, exactly as before) per call.
--
-- Replacing the function does not recompute stored values; it need not, as the result is the same (checked on every
-- customer of a 250,000-customer benchmark database: no difference).

create or replace function customer_search_terms(display_name text, first_name text, last_name text,
                                                 organization_name text, email_keys text[], phone_keys text[],
                                                 status text) returns text[]
    language plpgsql immutable parallel safe as $$
declare
    terms text[] := '{}';
    n text;
    w text;
    e text;
    d text;
begin
    if status is null or status not in ('ACTIVE', 'ARCHIVED') then
        return '{}';
    end if;
    -- the words of the names: lower case, apostrophes dropped, split at anything that is not a letter or digit
    foreach n in array array[display_name, first_name, last_name, organization_name] loop
        if n is not null then
            terms := terms || regexp_split_to_array(regexp_replace(lower(n), '[''’]', '', 'g'), '[^[:alnum:]]+');
        end if;
    end loop;
    if email_keys is not null then
        foreach e in array email_keys loop
            continue when e is null;
            -- the address itself
            terms := terms || lower(e);
            -- the letter runs (2 or more) of its local part and of its domain without the top-level domain
            foreach w in array regexp_split_to_array(lower(split_part(e, '@', 1) || ' '
                                                           || regexp_replace(split_part(e, '@', 2), '\.[^.]*$', '')),
                                                     '[^[:alpha:]]+') loop
                if length(w) >= 2 then
                    terms := terms || w;
                end if;
            end loop;
        end loop;
    end if;
    if phone_keys is not null then
        foreach e in array phone_keys loop
            continue when e is null;
            -- '#' and every suffix of at least 5 digits of the number
            d := regexp_replace(e, '\D', '', 'g');
            for i in 1 .. length(d) - 4 loop
                terms := terms || ('#' || substr(d, i));
            end loop;
        end loop;
    end if;
    return coalesce((select array_agg(distinct t order by t) from unnest(terms) t where t <> ''), '{}');
end $$;
