package io.liveshop.order;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes a checkout's orders (one per seller, already PAID, source CHECKOUT) inside the checkout's own
 * transaction, and publishes them once that transaction committed. The buy-now and flash-sale paths are untouched.
 */
@ApplicationScoped
public class CheckoutOrderWriter {

    private final OrderEvents events;

    CheckoutOrderWriter(OrderEvents events) {
        this.events = events;
    }

    /** Inserts the (transient) orders and their lines in order; sets their ids. */
    public Uni<List<Order>> insertPaid(SqlConnection tx, List<Order> orders) {
        return Multi.createFrom().iterable(orders)
                .onItem().transformToUniAndConcatenate(order -> insert(tx, order))
                .collect().asList();
    }

    private static Uni<Order> insert(SqlConnection tx, Order o) {
        Tuple params = Tuple.tuple(List.of(o.buyerId, o.sellerId, o.currency, o.totalMinor, o.paymentId,
                o.paidAt.atOffset(ZoneOffset.UTC), o.checkoutId, o.subtotalMinor, o.shippingMinor, o.discountMinor))
                .addValue(o.addressId).addValue(o.shipTo);
        return tx.preparedQuery("""
                insert into orders (buyer_id, seller_id, status, source, currency, total_minor, payment_id, paid_at,
                                    created_at, updated_at, checkout_id, subtotal_minor, shipping_minor,
                                    discount_minor, address_id, ship_to)
                values ($1, $2, 'PAID', 'CHECKOUT', $3, $4, $5, $6, $6, $6, $7, $8, $9, $10, $11, $12)
                returning id""").execute(params)
                .flatMap(rows -> {
                    o.id = rows.iterator().next().getLong(0);
                    int n = o.lines.size();
                    Long[] products = new Long[n];
                    String[] titles = new String[n];
                    Integer[] quantities = new Integer[n];
                    Long[] prices = new Long[n];
                    Long[] streams = new Long[n];
                    for (int i = 0; i < n; i++) {
                        OrderLine l = o.lines.get(i);
                        products[i] = l.productId;
                        titles[i] = l.title;
                        quantities[i] = l.quantity;
                        prices[i] = l.unitPriceMinor;
                        streams[i] = l.streamId;
                    }
                    return tx.preparedQuery("""
                            insert into order_line (order_id, product_id, title, quantity, unit_price_minor, stream_id)
                            select $1, p, t, q, u, s from unnest($2::bigint[], $3::varchar[], $4::int[], $5::bigint[],
                                                                 $6::bigint[]) as x(p, t, q, u, s)""")
                            .execute(Tuple.of(o.id, products, titles, quantities, prices, streams))
                            .replaceWith(o);
                });
    }

    /** After commit: each buyer hears about each order (and the products' stock is published). */
    public void published(List<Order> orders) {
        orders.forEach(events::statusChanged);
    }
}
