-- Opportunities, products, quotes and orders (deals): constraints and list indexes beyond V1.

-- Quote versions are numbered under the opportunity's row lock; the unique index backs that up.
create unique index quote_opportunity_version_uq on quote (opportunity_id, quote_number);
alter table quote alter column status set default 'OPEN';
alter table quote add constraint quote_status_check check (status in ('OPEN', 'SUPERSEDED', 'ACCEPTED'));

-- Order money: paid never exceeds the total (overpayment is rejected before it gets here).
alter table sales_order add constraint sales_order_paid_check check (paid_total >= 0 and paid_total <= total);

-- Default list orders and filters.
create index sales_order_placed_idx on sales_order (tenant_id, placed_at, id);
create index opportunity_owner_idx on opportunity (tenant_id, owner_id);
create index quote_created_idx on quote (tenant_id, created_at, id);
