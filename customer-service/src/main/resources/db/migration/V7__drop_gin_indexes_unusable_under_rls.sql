-- GIN indexes that the application role can never use, dropped: they cost every insert and update of a customer
-- (the CSV import most: six GIN entries per created customer) and serve no query.
--
-- Array overlap/containment (&&, @>) and pg_trgm's <% / % / like are not leakproof, so under the tenant policy
-- (FORCE ROW LEVEL SECURITY) PostgreSQL may not evaluate them before the policy and never uses them as index
-- conditions: measured at 1 M customers AS crm_app with app.tenant_id set, every query that could use one of these
-- indexes (exact duplicates on create, the duplicate detection probes, the tag filter of the list) was a sequential
-- scan with or without them (see V6's header for the same finding on search). Only the superuser, who bypasses the
-- policy, could use them.
--
-- What replaces them: exact emails and phones (create's duplicate check, duplicate detection, import matching) are
-- B-tree probes of customer_contact_key; names in duplicate detection go through customer_search_word and
-- customer_search_term (V6). Email-domain, address and tag conditions are evaluated on the tenant's rows as before.
drop index if exists customer_email_keys_idx;
drop index if exists customer_phone_keys_idx;
drop index if exists customer_tags_idx;
drop index if exists customer_search_trgm_idx;
drop index if exists customer_email_domains_idx;
drop index if exists customer_address_keys_idx;
