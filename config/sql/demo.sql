-- KCK demo data set: a small retail chain.
--
-- Run once on a new (embedded) database, as one JDBC Statement.execute of the whole file:
-- plain SQL only, no psql meta-commands, no VACUUM (it cannot run in a multi-statement string).
-- Every value is derived from generate_series through integer arithmetic and
-- hashint8extended(value, seed), so every run produces exactly the same rows.
--
--   stores         50 rows over 10 cities (5 stores each)
--   products      500 rows over 8 categories
--   customers  20,000 rows, ids 1..10 are alice, bob, carol, dave, erin, frank, grace, heidi,
--                   ivan and judy, then customer00011 .. customer20000 (username number = id)
--   sales   1,000,000 rows over 2025-01-01 .. 2025-12-31 (UTC), 08:00-22:00 UTC each day
--
-- Loading order keeps it fast: sales is filled before its primary key, foreign keys and indexes
-- exist (one validation query per key instead of a trigger per row). It costs about 9 s of CPU
-- in all PostgreSQL processes together (PostgreSQL 15, 2 cores), the index builds running in
-- parallel workers. On a fresh cluster it took 10 to 24 s while other work kept the machine busy
-- (load 8 to 10 on its 2 cores).

set maintenance_work_mem = '256MB';

drop table if exists sales, customers, products, stores cascade;

create table stores (
    id        int primary key,
    name      text not null,
    city      text not null,
    opened_on date not null
);

create table products (
    id       int primary key,
    sku      text unique not null,
    name     text not null,
    category text not null,
    price    numeric(10,2) not null check (price > 0)
);

create table customers (
    id       int primary key,
    username text unique not null,
    name     text not null,
    email    text unique not null,
    city     text not null
);

create table sales (
    id          bigint generated always as identity,
    store_id    int not null,
    product_id  int not null,
    customer_id int not null,
    quantity    int not null check (quantity > 0),
    amount      numeric(12,2) not null check (amount >= 0),
    sold_at     timestamptz not null
);

-- Stores: store i is in city ((i - 1) % 10) + 1, so every city has 5 stores (ids c, c+10, ... c+40).
insert into stores (id, name, city, opened_on)
select i,
       city || ' ' || (array['Central', 'Station', 'Harbour', 'Market', 'Park'])[(i - 1) / 10 + 1],
       city,
       date '2008-03-01' + ((i * 97) % 61) * 30 + (i * 13) % 28
from generate_series(1, 50) as i,
     lateral (select (array['Amsterdam', 'Berlin', 'Copenhagen', 'Dublin', 'Lisbon',
                            'Madrid', 'Paris', 'Prague', 'Rome', 'Vienna'])[(i - 1) % 10 + 1] as city) c;

-- Products: product i is in category ((i - 1) % 8) + 1, its name is unique within the category.
insert into products (id, sku, name, category, price)
select i,
       upper(left(category, 3)) || '-' || lpad(i::text, 5, '0'),
       (array['Classic', 'Compact', 'Deluxe', 'Eco', 'Essential', 'Premium', 'Pro', 'Smart',
              'Travel', 'Ultra', 'Urban', 'Vintage', 'Nordic', 'Family', 'Mini', 'Max'])[k % 16 + 1]
           || ' ' ||
       (array[['Novel', 'Cookbook', 'Atlas', 'Biography', 'Thriller', 'Poetry', 'Comic', 'Guide'],
              ['Jacket', 'Sweater', 'Jeans', 'Scarf', 'Shirt', 'Socks', 'Hoodie', 'Cap'],
              ['Headphones', 'Charger', 'Speaker', 'Keyboard', 'Mouse', 'Monitor', 'Camera', 'Tablet'],
              ['Rake', 'Planter', 'Hose', 'Shears', 'Lantern', 'Bench', 'Trowel', 'Seeds'],
              ['Coffee', 'Tea', 'Pasta', 'Olive Oil', 'Chocolate', 'Honey', 'Granola', 'Rice'],
              ['Lamp', 'Mug', 'Blanket', 'Pillow', 'Kettle', 'Vase', 'Towel', 'Clock'],
              ['Ball', 'Racket', 'Yoga Mat', 'Bottle', 'Helmet', 'Gloves', 'Backpack', 'Dumbbell'],
              ['Puzzle', 'Robot', 'Kite', 'Blocks', 'Doll', 'Train', 'Board Game', 'Teddy Bear']])[c][k / 16 % 8 + 1],
       category,
       -- the base price of the category times 0.50 .. 2.00, ending in .99
       trunc(base * (50 + (hashint8extended(i, 101) & 2147483647) % 151) / 100.0) + 0.99
from generate_series(1, 500) as i,
     lateral (select (i - 1) / 8 as k, (i - 1) % 8 + 1 as c) as ix,
     lateral (select (array['Books', 'Clothing', 'Electronics', 'Garden',
                             'Grocery', 'Home', 'Sports', 'Toys'])[c] as category,
                     (array[14, 30, 120, 25, 4, 35, 45, 20])[c] as base) as cat;

-- Customers: ten named ones first, then customer00011 .. customer20000.
insert into customers (id, username, name, email, city)
select id,
       username,
       name,
       username || '@example.com',
       (array['Amsterdam', 'Berlin', 'Copenhagen', 'Dublin', 'Lisbon',
              'Madrid', 'Paris', 'Prague', 'Rome', 'Vienna'])[(hashint8extended(id, 301) & 2147483647) % 10 + 1]
from (
    select id, username, name
    from (values (1, 'alice', 'Alice Archer'), (2, 'bob', 'Bob Baker'), (3, 'carol', 'Carol Carter'),
                 (4, 'dave', 'Dave Dawson'), (5, 'erin', 'Erin Ellis'), (6, 'frank', 'Frank Fischer'),
                 (7, 'grace', 'Grace Green'), (8, 'heidi', 'Heidi Hall'), (9, 'ivan', 'Ivan Ivanov'),
                 (10, 'judy', 'Judy Jensen')) as named (id, username, name)
    union all
    select i,
           'customer' || lpad(i::text, 5, '0'),
           (array['Anna', 'Ben', 'Chloe', 'David', 'Emma', 'Felix', 'Hannah', 'Jonas', 'Julia', 'Lars',
                  'Laura', 'Lucas', 'Maria', 'Marco', 'Mia', 'Noah', 'Olivia', 'Paul', 'Sara', 'Sofia',
                  'Tom', 'Eva', 'Leo', 'Nina', 'Omar', 'Ines', 'Hugo', 'Zoe', 'Ivo', 'Lena'])
               [(hashint8extended(i, 302) & 2147483647) % 30 + 1]
           || ' ' ||
           (array['Andersen', 'Bauer', 'Costa', 'Dubois', 'Esposito', 'Fernandez', 'Garcia', 'Hansen',
                  'Jansen', 'Keller', 'Larsen', 'Martin', 'Novak', 'Murphy', 'Nielsen', 'Petit', 'Rossi',
                  'Santos', 'Schmidt', 'Silva', 'Svoboda', 'Visser', 'Weber', 'Wagner', 'Byrne',
                  'Kelly', 'Romano', 'Moreau', 'Dvorak', 'Huber'])
               [(hashint8extended(i, 303) & 2147483647) % 30 + 1]
    from generate_series(11, 20000) as i
) as people;

-- Sales: row g (1 .. 1,000,000) falls on day (g - 1) * 365 / 1,000,000 of 2025, so ids grow with the
-- day (about 2,740 sales a day, 55 per store), at a time between 08:00 and 22:00 UTC. Half of the
-- store, product and customer picks take the smaller of two hashes, so low ids sell more: store 1
-- sells about three times what store 50 does. One sale in ten has 15% off. The id is g itself
-- (taking 1M values from the identity sequence costs more than a second), and the sequence is moved
-- past it below. Prices come from an int4 array of cents, one lookup per row, and amounts are whole
-- cents. The offset 0 keeps the hashes computed once per row instead of once per use.
insert into sales (id, store_id, product_id, customer_id, quantity, amount, sold_at)
overriding system value
select g, store_id, product_id, customer_id, quantity,
       (cents[product_id] * quantity * discount + 50) / 100 * 0.01,
       to_timestamp(1735689600 + (g - 1) * 365 / 1000000 * 86400 + 8 * 3600 + h11 % (14 * 3600))
from (select array_agg((price * 100)::int order by id) as cents from products) as p
cross join (
         select g,
                1 + case when h1 % 2 = 0 then h2 % 50 else least(h2 % 50, h3 % 50) end as store_id,
                1 + case when h1 / 2 % 2 = 0 then h4 % 500 else least(h4 % 500, h5 % 500) end as product_id,
                1 + case when h1 / 4 % 4 = 0 then least(h6 % 20000, h7 % 20000) else h6 % 20000 end
                    as customer_id,
                case when h8 % 100 < 60 then 1 when h8 % 100 < 82 then 2
                     when h8 % 100 < 92 then 3 when h8 % 100 < 97 then 4 else 5 end as quantity,
                case when h9 % 10 = 0 then 85 else 100 end as discount,
                h11
         from (select g,
                      hashint8extended(g, 1) & 2147483647 as h1, hashint8extended(g, 2) & 2147483647 as h2,
                      hashint8extended(g, 3) & 2147483647 as h3, hashint8extended(g, 4) & 2147483647 as h4,
                      hashint8extended(g, 5) & 2147483647 as h5, hashint8extended(g, 6) & 2147483647 as h6,
                      hashint8extended(g, 7) & 2147483647 as h7, hashint8extended(g, 8) & 2147483647 as h8,
                      hashint8extended(g, 9) & 2147483647 as h9, hashint8extended(g, 11) & 2147483647 as h11
               from generate_series(1, 1000000) as g
               offset 0) as hashed
     ) as s;

select setval(pg_get_serial_sequence('sales', 'id'), 1000000);

alter table sales add primary key (id);
alter table sales add foreign key (store_id) references stores;
alter table sales add foreign key (product_id) references products;
alter table sales add foreign key (customer_id) references customers;
create index sales_store_id_sold_at_idx on sales (store_id, sold_at);
create index sales_customer_id_sold_at_idx on sales (customer_id, sold_at);
create index sales_product_id_idx on sales (product_id);

reset maintenance_work_mem;

analyze stores, products, customers, sales;
