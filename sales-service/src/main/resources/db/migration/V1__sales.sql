-- Sales-service schema. Every business table carries tenant_id under FORCE ROW LEVEL SECURITY (the transaction
-- manager sets app.tenant_id per transaction), plus the audit columns and an optimistic-locking version.
-- Pipeline stages and probabilities are configuration (crm.sales.pipeline), not rows.
-- Money is numeric(19,4) + char(3) currency; the API rounds computed amounts to 2 decimals.
-- Feature migrations: leads/replica V10-V19, opportunities/products/quotes/orders V20-V29, contracts/forecast V30-V39.

-- Read-only replica of customer-service's customers, fed by crm.customer.events (last writer wins by version).
create table customer_replica (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    display_name          text,
    primary_email         text,
    email_keys            text[]      not null default '{}',
    lifecycle_stage       text,
    owner_id              text,
    credit_limit_amount   numeric(19, 4),
    credit_limit_currency char(3),
    status                text        not null default 'ACTIVE',
    merged_into           uuid,
    erased                boolean     not null default false,
    version               bigint      not null,
    updated_at            timestamptz not null default now()
);
create index customer_replica_email_idx on customer_replica using gin (email_keys);

create table lead (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    first_name            text,
    last_name             text,
    email                 text,
    phone                 text,
    company               text,
    title                 text,
    country               char(2),
    industry              text,
    company_size          integer,
    source                text,
    campaign_id           text,
    notes                 text,
    status                text        not null default 'NEW'
                              check (status in ('NEW', 'CONTACTED', 'QUALIFIED', 'DISQUALIFIED', 'CONVERTED')),
    disqualified_reason   text,
    score                 integer     not null default 0 check (score between 0 and 100),
    score_explanation     jsonb       not null default '[]',
    owner_id              text,
    assignment_rule       text,
    converted_customer_id uuid,
    converted_opportunity_id uuid,
    converted_at          timestamptz,
    anonymised            boolean     not null default false,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1
);
create index lead_created_idx on lead (tenant_id, created_at, id);
create index lead_owner_idx on lead (tenant_id, owner_id);
create index lead_email_idx on lead (tenant_id, lower(email));
create index lead_customer_idx on lead (converted_customer_id) where converted_customer_id is not null;

-- Active sales reps that round-robin assignment rotates through; last_assigned_at makes the choice fair.
create table sales_rep (
    tenant_id             uuid        not null,
    user_id               text        not null,
    display_name          text,
    active                boolean     not null default true,
    countries             text[]      not null default '{}',
    industries            text[]      not null default '{}',
    assigned_count        bigint      not null default 0,
    last_assigned_at      timestamptz,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1,
    primary key (tenant_id, user_id)
);

create table opportunity (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    customer_id           uuid        not null,
    name                  text        not null,
    amount                numeric(19, 4) not null check (amount >= 0),
    currency              char(3)     not null,
    expected_close_date   date        not null,
    stage                 text        not null,
    probability           integer     not null,
    owner_id              text,
    lost_reason           text,
    closed_at             timestamptz,
    lead_id               uuid,
    source_contract_id    uuid,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1
);
create index opportunity_created_idx on opportunity (tenant_id, created_at, id);
create index opportunity_customer_idx on opportunity (customer_id);
create index opportunity_close_idx on opportunity (tenant_id, expected_close_date);
create unique index opportunity_lead_uq on opportunity (lead_id) where lead_id is not null;

create table opportunity_line (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    opportunity_id        uuid        not null references opportunity (id) on delete cascade,
    position              integer     not null,
    product_id            uuid,
    description           text,
    quantity              numeric(19, 4) not null,
    unit_price            numeric(19, 4) not null,
    currency              char(3)     not null
);
create index opportunity_line_opp_idx on opportunity_line (opportunity_id);

create table opportunity_stage_history (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    opportunity_id        uuid        not null references opportunity (id) on delete cascade,
    from_stage            text,
    to_stage              text        not null,
    changed_at            timestamptz not null default now(),
    changed_by            text        not null
);
create index opportunity_stage_history_opp_idx on opportunity_stage_history (opportunity_id, changed_at);

create table product (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    sku                   text        not null,
    name                  text        not null,
    description           text,
    list_price            numeric(19, 4) not null check (list_price >= 0),
    currency              char(3)     not null,
    active                boolean     not null default true,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1,
    unique (tenant_id, sku)
);

create table quote (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    opportunity_id        uuid        not null references opportunity (id),
    customer_id           uuid        not null,
    quote_number          integer     not null default 1,
    status                text        not null default 'DRAFT',
    currency              char(3)     not null,
    subtotal              numeric(19, 4) not null,
    discount_total        numeric(19, 4) not null,
    tax_total             numeric(19, 4) not null,
    total                 numeric(19, 4) not null,
    valid_until           date        not null,
    accepted_at           timestamptz,
    order_id              uuid,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1
);
create index quote_opportunity_idx on quote (opportunity_id);
create index quote_customer_idx on quote (customer_id);

create table quote_line (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    quote_id              uuid        not null references quote (id) on delete cascade,
    position              integer     not null,
    product_id            uuid,
    description           text,
    quantity              numeric(19, 4) not null,
    unit_price            numeric(19, 4) not null,
    discount_percent      numeric(7, 4) not null default 0,
    tax_rate              numeric(7, 4) not null default 0,
    net_amount            numeric(19, 4) not null,
    tax_amount            numeric(19, 4) not null,
    total                 numeric(19, 4) not null
);

create table sales_order (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    customer_id           uuid        not null,
    quote_id              uuid,
    opportunity_id        uuid,
    status                text        not null default 'PLACED' check (status in ('PLACED', 'FULFILLED', 'CANCELLED')),
    currency              char(3)     not null,
    total                 numeric(19, 4) not null,
    paid_total            numeric(19, 4) not null default 0,
    fully_paid            boolean     not null default false,
    credit_override_by    text,
    credit_override_reason text,
    placed_at             timestamptz not null default now(),
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1
);
create index sales_order_customer_idx on sales_order (customer_id);
create index sales_order_exposure_idx on sales_order (tenant_id, customer_id) where not fully_paid and status <> 'CANCELLED';
create unique index sales_order_quote_uq on sales_order (quote_id) where quote_id is not null;

create table order_line (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    order_id              uuid        not null references sales_order (id) on delete cascade,
    position              integer     not null,
    product_id            uuid,
    description           text,
    quantity              numeric(19, 4) not null,
    unit_price            numeric(19, 4) not null,
    discount_percent      numeric(7, 4) not null default 0,
    tax_rate              numeric(7, 4) not null default 0,
    total                 numeric(19, 4) not null
);

create table payment (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    order_id              uuid        not null references sales_order (id),
    amount                numeric(19, 4) not null check (amount > 0),
    currency              char(3)     not null,
    method                text,
    reference             text,
    received_at           timestamptz not null default now(),
    created_at            timestamptz not null default now(),
    created_by            text        not null
);
create index payment_order_idx on payment (order_id);

create table contract (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    customer_id           uuid        not null,
    opportunity_id        uuid,
    order_id              uuid,
    name                  text,
    start_date            date        not null,
    end_date              date        not null,
    value                 numeric(19, 4) not null check (value >= 0),
    currency              char(3)     not null,
    auto_renew            boolean     not null default false,
    status                text        not null default 'ACTIVE',
    term_number           integer     not null default 1,
    renewal_opportunity_id uuid,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1,
    check (end_date > start_date)
);
create index contract_customer_idx on contract (customer_id);
create index contract_end_idx on contract (end_date);

create table sales_task (
    id                    uuid primary key,
    tenant_id             uuid        not null,
    lead_id               uuid references lead (id) on delete cascade,
    opportunity_id        uuid references opportunity (id) on delete cascade,
    title                 text        not null,
    notes                 text,
    due_at                timestamptz not null,
    owner_id              text,
    status                text        not null default 'OPEN' check (status in ('OPEN', 'DONE', 'CANCELLED')),
    completed_at          timestamptz,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    created_by            text        not null,
    updated_by            text        not null,
    version               bigint      not null default 1,
    check ((lead_id is null) <> (opportunity_id is null))
);
create index sales_task_owner_due_idx on sales_task (tenant_id, owner_id, due_at) where status = 'OPEN';

do $$
declare t text;
begin
    foreach t in array array['customer_replica', 'lead', 'sales_rep', 'opportunity', 'opportunity_line',
                             'opportunity_stage_history', 'product', 'quote', 'quote_line', 'sales_order', 'order_line',
                             'payment', 'contract', 'sales_task']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
