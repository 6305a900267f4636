-- Consents, interactions and privacy requests (export, erasure).

-- A consent history entry distinguishes when the customer gave the consent (changed_at, may be back-dated by
-- the caller) from when we recorded it (recorded_at), and keeps the status it replaced so the history reads as
-- transitions without window functions over rows that erasure may have touched.
alter table customer_consent_history add column recorded_at timestamptz not null default now();
alter table customer_consent_history add column previous_status text;

alter table customer_consent add constraint customer_consent_status_check
    check (status in ('GRANTED', 'DENIED', 'WITHDRAWN'));
alter table customer_consent_history add constraint customer_consent_history_status_check
    check (status in ('GRANTED', 'DENIED', 'WITHDRAWN'));

drop index customer_consent_history_idx;
create index customer_consent_history_idx on customer_consent_history (customer_id, recorded_at desc, id desc);

-- Export lists the customers merged into one; erasure follows the same link to erase their copies too.
create index if not exists customer_merged_into_idx on customer (merged_into) where merged_into is not null;

-- The timeline, in the order the platform's keyset pagination asks for (NULLS LAST), whole and filtered by type.
drop index customer_interaction_timeline_idx;
create index customer_interaction_timeline_idx
    on customer_interaction (customer_id, occurred_at desc nulls last, id desc nulls last);
create index customer_interaction_type_idx
    on customer_interaction (customer_id, type, occurred_at desc nulls last, id desc nulls last);
