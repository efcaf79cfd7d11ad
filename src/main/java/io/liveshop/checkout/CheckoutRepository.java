package io.liveshop.checkout;

import io.liveshop.cart.CartProblem;
import io.liveshop.cart.CartRow;
import io.liveshop.order.OrderStatus;
import io.liveshop.platform.Problem;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Checkout SQL on the reactive pg client: the checkout row, the conditional stock updates, the stored answer. */
@ApplicationScoped
public class CheckoutRepository {

    /** A stored checkout and the fingerprint of the request that made it. */
    record Stored(CheckoutView view, String fingerprint) {
    }

    private final Pool pool;

    CheckoutRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /**
     * Inserts the checkout row first: a concurrent request with the same key waits on the unique index until this
     * transaction ends, then fails with {@code checkout_idempotency_uq} and is answered with this checkout.
     */
    Uni<Long> insert(SqlConnection tx, String buyerId, String key, String fingerprint, Quote quote, String paymentId) {
        return tx.preparedQuery("""
                insert into checkout (buyer_id, idempotency_key, request_fingerprint, currency, charged_minor,
                                      payment_id, address_id)
                values ($1, $2, $3, $4, $5, $6, $7) returning id""")
                .execute(Tuple.tuple(List.of(buyerId, key, fingerprint, quote.currency(), quote.chargeMinor(), paymentId))
                        .addValue(quote.addressId()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Takes every line's units with one conditional update each, in product-id order (so two checkouts never
     * deadlock); the first line that cannot be served fails the whole transaction, naming the line and why.
     */
    Uni<Void> takeStock(SqlConnection tx, List<CartRow> lines) {
        return Multi.createFrom().iterable(lines)
                .onItem().transformToUniAndConcatenate(line -> tx.preparedQuery("""
                        update product set stock = stock - $2, updated_at = now()
                        where id = $1 and status = 'ACTIVE' and stock >= $2 and price_minor = $3""")
                        .execute(Tuple.of(line.productId(), line.quantity(), line.priceMinor()))
                        .flatMap(result -> result.rowCount() == 1 ? Uni.createFrom().voidItem() : whyNot(tx, line)))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> whyNot(SqlConnection tx, CartRow line) {
        return tx.preparedQuery("select status, stock, price_minor from product where id = $1")
                .execute(Tuple.of(line.productId())).map(rows -> {
                    Row r = rows.iterator().next();
                    String status = r.getString(0);
                    int stock = r.getInteger(1);
                    CartProblem problem = !"ACTIVE".equals(status) ? CartProblem.ARCHIVED
                            : stock == 0 ? CartProblem.OUT_OF_STOCK
                            : stock < line.quantity() ? CartProblem.NOT_ENOUGH_STOCK
                            : CartProblem.PRICE_CHANGED;
                    throw lineUnavailable(List.of(new Problem.FieldError(field(line), problem.name())));
                });
    }

    static String field(CartRow line) {
        return "lines[productId=" + line.productId() + "]";
    }

    static ProblemException lineUnavailable(List<Problem.FieldError> lines) {
        return new ProblemException(409, "Conflict", "line-unavailable", "These cart lines cannot be bought as they"
                + " are; nothing was taken or charged: " + lines.stream().map(e -> e.field() + " " + e.message()).toList(),
                lines);
    }

    /** The checkout stored under this key, with its orders as they are now; null if none. */
    Uni<Stored> find(String buyerId, String key) {
        return pool.preparedQuery("""
                select c.id, c.charged_minor, c.currency, c.payment_id, c.request_fingerprint, o.id, o.seller_id,
                       o.subtotal_minor, o.shipping_minor, o.discount_minor, o.total_minor, o.status
                from checkout c join orders o on o.checkout_id = c.id
                where c.buyer_id = $1 and c.idempotency_key = $2 order by o.id""")
                .execute(Tuple.of(buyerId, key)).map(rows -> {
                    List<CheckoutView.SellerOrder> orders = new ArrayList<>();
                    Row first = null;
                    for (Row r : rows) {
                        first = first == null ? r : first;
                        orders.add(new CheckoutView.SellerOrder(r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8),
                                r.getLong(9), r.getLong(10), OrderStatus.valueOf(r.getString(11))));
                    }
                    if (first == null) {
                        return null;
                    }
                    return new Stored(new CheckoutView(first.getLong(0), first.getLong(1), first.getString(2),
                            first.getString(3), orders), first.getString(4));
                });
    }
}
