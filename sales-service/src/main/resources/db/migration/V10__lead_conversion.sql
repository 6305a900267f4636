-- Whether conversion created the customer (true) or linked an existing one (false), so a repeated conversion
-- answers exactly as the first did.
alter table lead add column converted_customer_created boolean;
