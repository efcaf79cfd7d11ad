-- Cluster mode only (nothing reads or writes it on a single node): which node runs each owned item (kind 'sale',
-- 'auction', 'voucher'). A claim is decided here, by one conditional statement, so exactly one node wins it; the
-- epoch counts the moves. Flash-sale order batches lock their sales' rows FOR SHARE and write only while this
-- node is named: a claimer waits for those batches, and a replaced owner can no longer write.
create table cluster_ownership (
    kind  varchar(16)  not null,
    id    bigint       not null,
    node  varchar(255) not null,
    epoch bigint       not null,
    primary key (kind, id)
);
