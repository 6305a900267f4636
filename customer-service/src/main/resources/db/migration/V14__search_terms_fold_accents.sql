-- Free-text search ignores accents: "emil" finds "Émile", "muller" finds "Müller", "Ångström" is found by "angstrom".
-- The words of names and the words of email addresses are stored in the search terms (V6, V10) folded by the
-- unaccent extension's default rules (é -> e, ü -> u, ß -> ss, ø -> o, ł -> l ...); SearchTerms folds the query
-- with the same function before splitting it into words, so both sides always agree. Email addresses themselves
-- stay as they are (a prefix of an address is matched as typed) and phone suffixes have no letters. Duplicate
-- detection compares names folded the same way.
--
-- unaccent is a trusted extension: the database owner running the migrations may create it. It is called
-- schema-qualified and finds its dictionary in its own schema, so a caller's search_path cannot change the result,
-- as a stored generated column needs.

create extension if not exists unaccent schema public;

-- The search term form of a word or a name: lower case, accents folded. Immutable for the generated column: the
-- rules file of unaccent is fixed for the life of an installation.
create function customer_search_fold(t text) returns text
    language sql immutable parallel safe strict as $$
    select public.unaccent(lower(t))
$$;

create or replace function customer_search_terms(display_name text, first_name text, last_name text,
                                                 organization_name text, email_keys text[], phone_keys text[],
                                                 status text) returns text[]
    language plpgsql immutable parallel safe as $$
declare
    terms text[] := '{}';
    w text;
    e text;
    d text;
begin
    if status is null or status not in ('ACTIVE', 'ARCHIVED') then
        return '{}';
    end if;
    -- the words of the names: lower case, accents folded, apostrophes dropped, split at anything that is not a
    -- letter or digit; all names folded in one call (one call per name cost 4 us more per customer, measured)
    terms := regexp_split_to_array(regexp_replace(customer_search_fold(concat_ws(' ', display_name, first_name,
                                                                                 last_name, organization_name)),
                                                  '[''’]', '', 'g'),
                                   '[^[:alnum:]]+');
    if email_keys is not null then
        foreach e in array email_keys loop
            continue when e is null;
            -- the address itself
            terms := terms || lower(e);
            -- the letter runs (2 or more) of its local part and of its domain without the top-level domain
            foreach w in array regexp_split_to_array(customer_search_fold(split_part(e, '@', 1) || ' '
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

-- Replacing the function does not recompute stored values: customers whose terms change (names or addresses with
-- accents) are updated in place, and the update triggers (V6, V8) replace their postings and dictionary words, the
-- accented words leaving the dictionary with their last customer. The owner running this is subject to forced
-- row-level security on these tables; lifted for this statement only.
alter table customer no force row level security;
alter table customer_search_term no force row level security;
alter table customer_search_word no force row level security;
alter table customer_contact_key no force row level security;
update customer set status = status
where search_terms is distinct from
      customer_search_terms(display_name, first_name, last_name, organization_name, email_keys, phone_keys, status);
alter table customer force row level security;
alter table customer_search_term force row level security;
alter table customer_search_word force row level security;
alter table customer_contact_key force row level security;
