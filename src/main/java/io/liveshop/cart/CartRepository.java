package io.liveshop.cart;

import io.liveshop.catalog.ProductStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Cart SQL on the reactive pg client (the checkout runs its lines inside its own transaction). */
@ApplicationScoped
public class CartRepository {

    private static final String SELECT = """
            select l.product_id, l.quantity, l.stream_id, l.price_minor, p.seller_id, p.title, p.price_minor,
                   p.currency, p.status, p.stock
            from cart_line l join product p on p.id = l.product_id
            where l.buyer_id = $1""";

    private final Pool pool;

    CartRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<CartRow>> lines(String buyerId) {
        return lines(pool, buyerId);
    }

    /** Lines ordered by product id: the order in which a checkout takes stock, so concurrent checkouts never deadlock. */
    public Uni<List<CartRow>> lines(SqlClient client, String buyerId) {
        return client.preparedQuery(SELECT + " order by l.product_id").execute(Tuple.of(buyerId)).map(rows -> {
            List<CartRow> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new CartRow(r.getLong(0), r.getInteger(1), r.getLong(2), r.getLong(3), r.getLong(4),
                        r.getString(5), r.getLong(6), r.getString(7), ProductStatus.valueOf(r.getString(8)),
                        r.getInteger(9)));
            }
            return out;
        });
    }

    Pool pool() {
        return pool;
    }

    public Uni<Integer> count(SqlClient client, String buyerId) {
        return client.preparedQuery("select count(*) from cart_line where buyer_id = $1").execute(Tuple.of(buyerId))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /**
     * Adds units to the line (creating it) at the product's current price; 0 rows when the total would pass
     * {@code max} or the product is not on sale.
     */
    public Uni<Integer> add(SqlClient client, String buyerId, long productId, int quantity, Long streamId, int max) {
        return client.preparedQuery("""
                insert into cart_line (buyer_id, product_id, quantity, stream_id, price_minor)
                select $1, p.id, $3, $4, p.price_minor from product p where p.id = $2 and p.status = 'ACTIVE'
                on conflict (buyer_id, product_id) do update
                   set quantity = cart_line.quantity + excluded.quantity,
                       stream_id = coalesce(excluded.stream_id, cart_line.stream_id),
                       price_minor = excluded.price_minor
                 where cart_line.quantity + excluded.quantity <= $5""")
                .execute(Tuple.of(buyerId, productId, quantity, streamId, max)).map(r -> r.rowCount());
    }

    /** Sets the quantity and accepts the current price; 0 rows when the line is not there. */
    public Uni<Integer> setQuantity(String buyerId, long productId, int quantity) {
        return pool.preparedQuery("""
                update cart_line l set quantity = $3, price_minor = p.price_minor
                from product p where p.id = l.product_id and l.buyer_id = $1 and l.product_id = $2""")
                .execute(Tuple.of(buyerId, productId, quantity)).map(r -> r.rowCount());
    }

    public Uni<Integer> remove(String buyerId, long productId) {
        return pool.preparedQuery("delete from cart_line where buyer_id = $1 and product_id = $2")
                .execute(Tuple.of(buyerId, productId)).map(r -> r.rowCount());
    }

    /**
     * Removes what a checkout bought, inside its transaction, only where the line still holds the quantity that was
     * priced; the row count tells the checkout whether every bought line was still there (a concurrent checkout of
     * the same cart holds the rows until it commits, then finds them gone).
     */
    public Uni<Integer> removeBought(SqlClient tx, String buyerId, List<CartRow> bought) {
        return tx.preparedQuery("""
                delete from cart_line where buyer_id = $1
                   and (product_id, quantity) in (select * from unnest($2::bigint[], $3::int[]))""")
                .execute(Tuple.of(buyerId, bought.stream().map(CartRow::productId).toArray(Long[]::new),
                        bought.stream().map(CartRow::quantity).toArray(Integer[]::new)))
                .map(r -> r.rowCount());
    }

    Uni<Boolean> streamExists(SqlClient client, long streamId) {
        return client.preparedQuery("select 1 from live_stream where id = $1").execute(Tuple.of(streamId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> productOnSale(SqlClient client, long productId) {
        return client.preparedQuery("select 1 from product where id = $1 and status = 'ACTIVE'")
                .execute(Tuple.of(productId)).map(rows -> rows.size() > 0);
    }

    /**
     * Remembers a keyed cart write; false when the key was already used (a concurrent first use holds the row until
     * it commits or rolls back, so exactly one request with a key changes the cart).
     */
    Uni<Boolean> rememberWrite(SqlClient tx, String buyerId, String key, String fingerprint) {
        return tx.preparedQuery("""
                insert into cart_write (buyer_id, idempotency_key, request_fingerprint) values ($1, $2, $3)
                on conflict do nothing""")
                .execute(Tuple.of(buyerId, key, fingerprint)).map(r -> r.rowCount() == 1);
    }

    Uni<String> writeFingerprint(SqlClient tx, String buyerId, String key) {
        return tx.preparedQuery("select request_fingerprint from cart_write where buyer_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(buyerId, key)).map(rows -> rows.iterator().next().getString(0));
    }
}
