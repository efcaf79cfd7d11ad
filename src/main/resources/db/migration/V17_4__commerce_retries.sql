-- Issue 17: retry-safe writes. An address created with an Idempotency-Key keeps it (one per buyer and key);
-- a cart add with a key is remembered so a retry adds nothing more.
alter table address add column idempotency_key varchar(128);
alter table address add column request_fingerprint varchar(128);
create unique index address_idempotency_uq on address (buyer_id, idempotency_key) where idempotency_key is not null;

create table cart_write (
    buyer_id            varchar(64)  not null,
    idempotency_key     varchar(128) not null,
    request_fingerprint varchar(128) not null,
    created_at          timestamptz  not null default now(),
    primary key (buyer_id, idempotency_key)
);
