-- Seeds :rows synthetic customers of tenant :'tenant' (psql variables; SearchBenchmark substitutes them) through
-- plain SQL, so that the customer triggers (contact keys, search terms) run as for any insert. Deterministic:
-- customer n gets first name n % 100 and last name (n / 100) % 200 (every one of the 20,000 pairs occurs, 50 times
-- in a million), an email in one of four spellings of the name with a number, and a US phone number unique per
-- customer.
insert into customer (id, tenant_id, type, first_name, last_name, display_name, emails, phones, email_keys,
                      phone_keys, email_domains, lifecycle_stage, tags, search_text, created_at, updated_at,
                      created_by, updated_by)
select id, :'tenant'::uuid, 'PERSON', f, l, f || ' ' || l,
       jsonb_build_array(jsonb_build_object('address', email, 'primary', true, 'type', null)),
       jsonb_build_array(jsonb_build_object('number', phone, 'type', 'MOBILE', 'primary', true)),
       array[email], array[phone], array[split_part(email, '@', 2)],
       (array['SUBSCRIBER', 'LEAD', 'PROSPECT', 'CUSTOMER', 'DORMANT', 'CHURNED'])[1 + n % 6],
       case when n % 10 = 0 then array['vip'] else '{}'::text[] end,
       customer_search_text(f || ' ' || l, f, l, null, array[email], array[phone]),
       t, t, 'seed', 'seed'
from (select n, t,
             -- UUIDv7-like ids: creation-time prefix, so ids grow with created_at like the service's
             (lpad(to_hex((extract(epoch from t) * 1000)::bigint), 12, '0')
                 || '7' || substr(md5(n::text), 1, 3) || '8' || substr(md5(n::text), 4, 15))::uuid as id,
             f, l,
             lower(case (n / 20000) % 4 when 0 then f || '.' || l when 1 then left(f, 1) || l when 2 then f || '_' || l
                              else l || '.' || f end)
                 || (n % 997) || '@'
                 || (array['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'proton.me',
                           'gmx.de', 'web.de', 'example.com', 'mail.com', 'aol.com', 'fastmail.com'])[1 + (n / 7) % 12]
                 as email,
             '+1' || (200 + (n * 37) % 780) || lpad(((n * 7919) % 10000000)::text, 7, '0') as phone
      from (select n, timestamptz '2024-01-01' + n * interval '30 seconds' as t,
                   (array['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
                    'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
                    'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony',
                    'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
                    'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian',
                    'Dorothy', 'George', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Edward',
                    'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Kathleen', 'Gary',
                    'Amy', 'Nicholas', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Anna', 'Stephen', 'Brenda', 'Larry',
                    'Pamela', 'Justin', 'Emma', 'Scott', 'Nicole', 'Brandon', 'Helen', 'Benjamin', 'Samantha',
                    'Samuel', 'Katherine', 'Gregory', 'Christine', 'Alexander', 'Debra', 'Frank', 'Rachel',
                    'Patrick', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Catherine', 'Dennis', 'Maria', 'Zoe',
                    'Lukas'])[1 + n % 100] as f,
                   (array['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis',
                    'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas',
                    'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez',
                    'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
                    'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera',
                    'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz',
                    'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy',
                    'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed',
                    'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez',
                    'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo',
                    'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry',
                    'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Gonzales', 'Fisher',
                    'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
                    'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera',
                    'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro',
                    'Marshall', 'Owens', 'Harrison', 'Fernandez', 'Mcdonald', 'Woods', 'Washington', 'Kennedy',
                    'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford',
                    'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason',
                    'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd',
                    'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza',
                    'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne',
                    'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Schneider', 'Müller',
                    'O''Brien', 'Dubois'])[1 + (n / 100) % 200] as l
            from generate_series(cast(:first as bigint), cast(:last as bigint)) n) g) x;
