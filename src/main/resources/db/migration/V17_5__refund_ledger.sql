-- Issue 17: what the sandbox captured, in the database, so "never refund more than was captured" survives a
-- restart; an accepted return's refund is recorded PENDING in its commit and marked DONE once the provider refunded.
create table payment_capture (
    payment_id   varchar(64) primary key,
    amount_minor bigint      not null check (amount_minor >= 0),
    currency     char(3)     not null,
    captured_at  timestamptz not null default now()
);

alter table return_request add column refund_state varchar(8);
alter table return_request add column refund_payment_id varchar(64);
alter table return_request add column refund_attempts integer not null default 0;
alter table return_request add column refund_error varchar(500);
alter table return_request add column refunded_at timestamptz;
create index return_request_refund_pending_idx on return_request (decided_at) where refund_state = 'PENDING';

-- A buyer's own returns, newest first (GET /api/returns); the seller's list uses return_request_seller_idx.
create index return_request_buyer_idx on return_request (buyer_id, id desc);
