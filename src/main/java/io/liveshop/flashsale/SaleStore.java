package io.liveshop.flashsale;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flash-sale SQL that runs outside Hibernate sessions, on the reactive pg client: the batched order insert, the
 * end-of-sale settlement, counts for reconciliation and recovery. Row locks on {@code flash_sale} order these
 * against each other: order inserts take FOR SHARE, settlement and unit returns take the row exclusively.
 */
@ApplicationScoped
public class SaleStore {

    static final String HELD = "'PENDING_PAYMENT'";
    static final String SOLD = "'PAID','SHIPPED','DELIVERED'";

    /** One admitted buy to write. */
    record NewOrder(long saleId, String buyerId, String requestId, String fingerprint, long sellerId, long productId,
            String title, long priceMinor, String currency) {
    }

    /** What happened to one {@link NewOrder}: inserted, already there (an earlier order with the key), or refused. */
    record Written(NewOrder request, Long orderId, boolean inserted, boolean saleEnded, Instant expiresAt) {
    }

    record Counts(int allocated, int held, int sold, int returned, String status, int maxPerBuyer, long productId) {
    }

    record Existing(long orderId, Long saleId, String fingerprint, Instant expiresAt) {
    }

    record BuyerRow(String buyerId, String key, long orderId, String status, Instant expiresAt) {
    }

    private final Pool pool;

    SaleStore(Pool pool) {
        this.pool = pool;
    }

    /** Writes a batch of admitted buys in one transaction with one multi-row insert per table. */
    Uni<List<Written>> insertOrders(List<NewOrder> batch, Instant now, Instant expiresAt) {
        Set<Long> saleIds = new TreeSet<>();
        batch.forEach(o -> saleIds.add(o.saleId()));
        return pool.withTransaction(conn -> conn
                .preparedQuery("select id from flash_sale where id = any($1) and status <> 'ENDED' order by id for share")
                .execute(Tuple.of(saleIds.toArray(Long[]::new)))
                .flatMap(rows -> {
                    Set<Long> running = new TreeSet<>();
                    rows.forEach(r -> running.add(r.getLong(0)));
                    List<NewOrder> writable = batch.stream().filter(o -> running.contains(o.saleId())).toList();
                    Uni<Map<String, Long>> inserted = writable.isEmpty() ? Uni.createFrom().item(Map.of())
                            : insertRows(conn, writable, now, expiresAt);
                    return inserted.map(ids -> {
                        List<Written> out = new ArrayList<>(batch.size());
                        for (NewOrder o : batch) {
                            Long id = ids.get(key(o.buyerId(), o.requestId()));
                            out.add(new Written(o, id, id != null, !running.contains(o.saleId()), expiresAt));
                        }
                        return out;
                    });
                }));
    }

    private Uni<Map<String, Long>> insertRows(SqlConnection conn, List<NewOrder> rows, Instant now, Instant expiresAt) {
        int n = rows.size();
        String[] buyers = new String[n];
        Long[] sellers = new Long[n];
        Long[] sales = new Long[n];
        String[] currencies = new String[n];
        Long[] totals = new Long[n];
        String[] keys = new String[n];
        String[] fingerprints = new String[n];
        for (int i = 0; i < n; i++) {
            NewOrder o = rows.get(i);
            buyers[i] = o.buyerId();
            sellers[i] = o.sellerId();
            sales[i] = o.saleId();
            currencies[i] = o.currency();
            totals[i] = o.priceMinor();
            keys[i] = o.requestId();
            fingerprints[i] = o.fingerprint();
        }
        Tuple params = Tuple.tuple(List.of(buyers, sellers, sales, currencies, totals, keys, fingerprints,
                utc(expiresAt), utc(now)));
        return conn.preparedQuery("""
                insert into orders (buyer_id, seller_id, status, source, sale_id, currency, total_minor,
                                    idempotency_key, request_fingerprint, expires_at, created_at, updated_at)
                select b, s, 'PENDING_PAYMENT', 'FLASH_SALE', sid, c, t, k, f, $8, $9, $9
                from unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::varchar[], $5::bigint[], $6::varchar[],
                            $7::varchar[]) as u(b, s, sid, c, t, k, f)
                on conflict on constraint orders_idempotency_uq do nothing
                returning id, buyer_id, idempotency_key""").execute(params)
                .flatMap(inserted -> {
                    Map<String, Long> ids = new HashMap<>();
                    inserted.forEach(r -> ids.put(key(r.getString(1), r.getString(2)), r.getLong(0)));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(ids);
                    }
                    List<Long> orderIds = new ArrayList<>();
                    List<Long> products = new ArrayList<>();
                    List<String> titles = new ArrayList<>();
                    List<Long> prices = new ArrayList<>();
                    for (NewOrder o : rows) {
                        Long id = ids.get(key(o.buyerId(), o.requestId()));
                        if (id != null) {
                            orderIds.add(id);
                            products.add(o.productId());
                            titles.add(o.title());
                            prices.add(o.priceMinor());
                        }
                    }
                    return conn.preparedQuery("""
                            insert into order_line (order_id, product_id, title, quantity, unit_price_minor)
                            select o, p, t, 1, u from unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::bigint[])
                                 as x(o, p, t, u)""")
                            .execute(Tuple.of(orderIds.toArray(Long[]::new), products.toArray(Long[]::new),
                                    titles.toArray(String[]::new), prices.toArray(Long[]::new)))
                            .replaceWith(ids);
                });
    }

    Uni<Existing> existing(String buyerId, String key) {
        return pool.preparedQuery("select id, sale_id, request_fingerprint, expires_at from orders"
                + " where buyer_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(buyerId, key))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Existing(r.getLong(0), r.getLong(1), r.getString(2), instant(r, 3));
                });
    }

    /** Marks an announced sale open (informational: admission derives the status from the stored times). */
    Uni<Void> markOpen(long saleId) {
        return pool.preparedQuery("update flash_sale set status = 'OPEN' where id = $1 and status = 'ANNOUNCED'")
                .execute(Tuple.of(saleId)).replaceWithVoid();
    }

    /**
     * Ends a sale: locks its row (waiting for in-flight order inserts and unit returns), counts held and sold from
     * the orders, shrinks the allocation to them and gives the rest back to the product. Null if already ended.
     */
    Uni<Counts> settle(long saleId) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update flash_sale set status = 'ENDED', ended_at = now()
                where id = $1 and status <> 'ENDED' returning allocated, product_id""")
                .execute(Tuple.of(saleId))
                .flatMap(locked -> {
                    var it = locked.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().<Counts>nullItem();
                    }
                    Row sale = it.next();
                    int allocated = sale.getInteger(0);
                    long productId = sale.getLong(1);
                    return orderCounts(conn, saleId).flatMap(c -> {
                        int keep = c[0] + c[1];
                        int back = allocated - keep;
                        if (back < 0) {
                            return Uni.createFrom().failure(new IllegalStateException("Sale " + saleId
                                    + " has more orders (" + keep + ") than units (" + allocated + ")"));
                        }
                        return conn.preparedQuery("update flash_sale set allocated = $2, returned = returned + $3 where id = $1")
                                .execute(Tuple.of(saleId, keep, back))
                                .flatMap(x -> conn.preparedQuery("update product set stock = stock + $2, updated_at = now() where id = $1")
                                        .execute(Tuple.of(productId, back)))
                                .replaceWith(new Counts(keep, c[0], c[1], back, "ENDED", 0, productId));
                    });
                }));
    }

    private static Uni<int[]> orderCounts(SqlConnection conn, long saleId) {
        return conn.preparedQuery("select count(*) filter (where status = " + HELD + "), count(*) filter (where status in ("
                + SOLD + ")) from orders where sale_id = $1")
                .execute(Tuple.of(saleId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new int[] { r.getLong(0).intValue(), r.getLong(1).intValue() };
                });
    }

    /** The database side of the invariant: allocation, held, sold, the largest per-buyer count. */
    Uni<Counts> counts(long saleId) {
        return pool.preparedQuery("""
                select s.allocated, s.returned, s.status, s.product_id,
                       (select count(*) from orders o where o.sale_id = s.id and o.status = %s),
                       (select count(*) from orders o where o.sale_id = s.id and o.status in (%s)),
                       (select coalesce(max(n), 0) from (select count(*) n from orders o where o.sale_id = s.id
                            and o.status in (%s, %s) group by o.buyer_id) b)
                from flash_sale s where s.id = $1""".formatted(HELD, SOLD, HELD, SOLD))
                .execute(Tuple.of(saleId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Counts(r.getInteger(0), r.getLong(4).intValue(), r.getLong(5).intValue(),
                            r.getInteger(1), r.getString(2), r.getLong(6).intValue(), r.getLong(3));
                });
    }

    /** Sales admission must know about: not ended, or ended recently (so late buyers get ENDED without a query). */
    Uni<List<Long>> activeSaleIds(Instant endedSince) {
        return pool.preparedQuery("select id from flash_sale where status <> 'ENDED' or ended_at >= $1 order by id")
                .execute(Tuple.of(utc(endedSince)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** Every order of a sale that holds or sold a unit, or answered a request: for recovery. */
    Uni<List<BuyerRow>> saleOrders(long saleId) {
        return pool.preparedQuery("select buyer_id, idempotency_key, id, status, expires_at from orders where sale_id = $1")
                .execute(Tuple.of(saleId))
                .map(rows -> {
                    List<BuyerRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new BuyerRow(r.getString(0), r.getString(1), r.getLong(2), r.getString(3), instant(r, 4)));
                    }
                    return out;
                });
    }

    /** A sale row as a detached entity (recovery runs outside Hibernate sessions). */
    Uni<FlashSale> sale(long saleId) {
        return pool.preparedQuery("""
                select id, stream_id, product_id, seller_id, host_id, title, price_minor, currency, initial_allocation,
                       allocated, returned, per_buyer_limit, status, opens_at, ends_at, ended_at, created_at
                from flash_sale where id = $1""")
                .execute(Tuple.of(saleId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    FlashSale s = new FlashSale();
                    s.id = r.getLong(0);
                    s.streamId = r.getLong(1);
                    s.productId = r.getLong(2);
                    s.sellerId = r.getLong(3);
                    s.hostId = r.getString(4);
                    s.title = r.getString(5);
                    s.priceMinor = r.getLong(6);
                    s.currency = r.getString(7);
                    s.initialAllocation = r.getInteger(8);
                    s.allocated = r.getInteger(9);
                    s.returned = r.getInteger(10);
                    s.perBuyerLimit = r.getInteger(11);
                    s.status = SaleStatus.valueOf(r.getString(12));
                    s.opensAt = instant(r, 13);
                    s.endsAt = instant(r, 14);
                    s.endedAt = instant(r, 15);
                    s.createdAt = instant(r, 16);
                    return s;
                });
    }

    static String key(String buyerId, String requestId) {
        return buyerId + "\u0000" + requestId;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

}
