package io.liveshop.order;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Orders for auction winners (and runners-up): {@code PENDING_PAYMENT}, source {@code AUCTION}, one line at the
 * winning price. Written inside the auction's own settlement transaction, so the order exists exactly when the
 * auction says it was won; the idempotency key makes a repeated settlement find the same order. An unpaid order
 * expires like any other and its unit goes back to the product's stock.
 */
@ApplicationScoped
public class AuctionOrders {

    public record NewAuctionOrder(String buyerId, String key, String fingerprint, long sellerId, long productId,
            String title, long priceMinor, String currency, Instant expiresAt) {
    }

    /** {@code created} is false when an order with this key existed already. */
    public record Placed(long orderId, Instant expiresAt, boolean created, OrderStatusChanged event) {
    }

    private final Pool pool;
    private final OrderEvents events;

    AuctionOrders(Pool pool, OrderEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /** Inside the caller's transaction: inserts the order and its line, or finds the order already placed. */
    public Uni<Placed> place(SqlConnection tx, NewAuctionOrder o) {
        Instant now = Instant.now();
        return tx.preparedQuery("""
                insert into orders (buyer_id, seller_id, status, source, currency, total_minor, idempotency_key,
                                    request_fingerprint, expires_at, created_at, updated_at)
                values ($1, $2, 'PENDING_PAYMENT', 'AUCTION', $3, $4, $5, $6, $7, $8, $8)
                on conflict on constraint orders_idempotency_uq do nothing returning id""")
                .execute(Tuple.from(new Object[] { o.buyerId(), o.sellerId(), o.currency(), o.priceMinor(), o.key(),
                        o.fingerprint(), utc(o.expiresAt()), utc(now) }))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return existing(tx, o.buyerId(), o.key());
                    }
                    long id = it.next().getLong(0);
                    return tx.preparedQuery("""
                            insert into order_line (order_id, product_id, title, quantity, unit_price_minor)
                            values ($1, $2, $3, 1, $4)""")
                            .execute(Tuple.of(id, o.productId(), o.title(), o.priceMinor()))
                            .replaceWith(new Placed(id, o.expiresAt(), true, new OrderStatusChanged(o.buyerId(), id,
                                    OrderStatus.PENDING_PAYMENT, OrderSource.AUCTION, null, o.priceMinor(),
                                    o.currency(), o.expiresAt(), now)));
                });
    }

    private static Uni<Placed> existing(SqlConnection tx, String buyerId, String key) {
        return tx.preparedQuery("select id, expires_at from orders where buyer_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(buyerId, key))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime expires = r.getOffsetDateTime(1);
                    return new Placed(r.getLong(0), expires == null ? null : expires.toInstant(), false, null);
                });
    }

    /** After the caller's commit: tells the buyer (and the order read models) about a new order. */
    public void published(Placed placed) {
        if (placed != null && placed.created()) {
            events.statusChanged(placed.event());
        }
    }

    /** The order's status, or null when there is no such order. */
    public Uni<OrderStatus> status(long orderId) {
        return pool.preparedQuery("select status from orders where id = $1").execute(Tuple.of(orderId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? OrderStatus.valueOf(it.next().getString(0)) : null;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
