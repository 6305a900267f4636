-- Contracts and their renewals (V30-V39 belong to contracts/tasks/forecast).

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler 16.x, PostgreSQL layout). NOT tenant data and therefore
-- without row-level security: the scheduler polls it across tenants, from outside any request. A renewal execution
-- holds only ids (task instance = contract id, data = tenant id); the work itself runs with that tenant set
-- (TenantContext.callAs), so every business row it touches is still under RLS.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- The exactly-once guard: one row per contract term whose renewal was handled, written in the same transaction as
-- the renewal opportunity and the contract.renewal-due event. A second execution for the same term (a retry after a
-- crash, another instance, a restart) finds the row and does nothing.
create table contract_renewal (
    contract_id            uuid        not null references contract (id),
    term_number            integer     not null,
    tenant_id              uuid        not null,
    outcome                text        not null check (outcome in ('OPPORTUNITY_CREATED', 'SKIPPED_CUSTOMER_INACTIVE')),
    renewal_opportunity_id uuid,
    term_start             date        not null,
    term_end               date        not null,
    handled_at             timestamptz not null default now(),
    handled_by             text        not null,
    primary key (contract_id, term_number)
);
alter table contract_renewal enable row level security;
alter table contract_renewal force row level security;
create policy tenant_isolation on contract_renewal
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create index contract_created_idx on contract (tenant_id, created_at, id);
