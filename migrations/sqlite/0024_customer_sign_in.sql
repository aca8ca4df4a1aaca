-- "My cases": a customer asks for a sign-in link by email. The link is
-- single-use and short-lived; using it opens a customer session that lists
-- every case raised from that address. Both keep only the token's hash.
create table customer_sign_in_link (
    token_hash text primary key,
    email text not null,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);
create index customer_sign_in_link_email on customer_sign_in_link (email, created_at);

create table customer_session (
    token_hash text primary key,
    email text not null,
    created_at bigint not null,
    expires_at bigint not null
);

-- Addresses are kept as typed and compared case-insensitively.
create index support_case_customer_email on support_case (lower(customer_email));
