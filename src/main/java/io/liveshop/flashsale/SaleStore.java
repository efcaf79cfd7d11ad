package io.liveshop.flashsale;

import io.liveshop.moderation.AuditLog;
import io.liveshop.moderation.ModerationAct;
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
import java.util.List;

/**
 * Flash-sale SQL that runs outside Hibernate sessions, on the reactive pg client: the end-of-sale settlement, counts
 * for reconciliation and recovery. Row locks on {@code flash_sale} order these against the winners' order inserts
 * ({@code order.SaleOrderWriter}, guarded by {@link SaleOrderRules} with FOR SHARE): settlement and unit returns take
 * the row exclusively.
 */
@ApplicationScoped
public class SaleStore {

    static final String HELD = "'PENDING_PAYMENT'";
    static final String SOLD = "'PAID','SHIPPED','DELIVERED'";

    record Counts(int allocated, int held, int sold, int returned, String status, int maxPerBuyer, long productId) {
    }

    record Existing(long orderId, Long saleId, String fingerprint, Instant expiresAt) {
    }

    record BuyerRow(String buyerId, String key, long orderId, String status, Instant expiresAt) {
    }

    private final Pool pool;
    private final AuditLog audit;

    SaleStore(Pool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    /** Marks an announced sale open (informational: admission derives the status from the stored times). */
    Uni<Void> markOpen(long saleId) {
        return pool.preparedQuery("update flash_sale set status = 'OPEN' where id = $1 and status = 'ANNOUNCED'")
                .execute(Tuple.of(saleId)).replaceWithVoid();
    }

    /**
     * Ends a sale: locks its row (waiting for in-flight order inserts and unit returns), counts held and sold from
     * the orders, shrinks the allocation to them and gives the rest back to the product. Null if already ended.
     * An admin's {@code act} (else null) is recorded in the same transaction.
     */
    Uni<Counts> settle(long saleId, ModerationAct act) {
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
                                .call(x -> act == null ? Uni.createFrom().voidItem() : audit.record(conn, act))
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

    /** The stream's sales that have not ended, in opening order: for the snapshot's {@code data.sales}. */
    Uni<List<Long>> unendedSaleIds(long streamId) {
        return pool.preparedQuery("select id from flash_sale where stream_id = $1 and status <> 'ENDED' order by opens_at, id")
                .execute(Tuple.of(streamId))
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

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

}
