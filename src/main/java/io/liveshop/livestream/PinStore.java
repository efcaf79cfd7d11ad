package io.liveshop.livestream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A pin as one SQL statement on the reactive pg client: the checks (host or co-host, LIVE, in the showcase, the
 * host's own shop), the stream's pinned product, the timeline row and the product card, in one round trip and one
 * implicit transaction. A pin is the host's hot command during a show: through Hibernate it took eight round trips
 * and about 3.5 ms of event-loop CPU (docs/BENCHMARKS.md), while the loop is fanning the previous pin out.
 * <p>
 * The update re-checks {@code status = 'LIVE'}, so a stream ended concurrently is not pinned after its end.
 */
@ApplicationScoped
public class PinStore {

    /** What the statement found; {@code offsetMs} is null unless the pin was written. */
    record Attempt(boolean controller, String status, boolean inShowcase, Long hostShop, Long sellerId,
            ProductCard card, Long offsetMs) {
    }

    private static final String PIN = """
            with s as (
              select ls.id, ls.status, ls.went_live_at,
                     (ls.host_id = $3 or exists (select 1 from stream_cohost c
                                                 where c.stream_id = ls.id and c.user_id = $3)) as controller,
                     exists (select 1 from stream_showcase sc where sc.stream_id = ls.id and sc.product_id = $2)
                       as in_showcase,
                     (select se.id from seller se where se.owner_id = ls.host_id) as host_shop
              from live_stream ls where ls.id = $1
            ), p as (
              select pr.id, pr.title, pr.price_minor, pr.currency, pr.media_urls[1] as image, pr.stock, pr.seller_id
              from product pr where pr.id = $2
            ), ok as (
              select s.id, coalesce((extract(epoch from (now() - s.went_live_at)) * 1000)::bigint, 0) as offset_ms
              from s join p on p.seller_id = s.host_shop
              where s.controller and s.status = 'LIVE' and s.in_showcase
            ), u as (
              update live_stream ls set pinned_product_id = $2 from ok
              where ls.id = ok.id and ls.status = 'LIVE' returning ok.offset_ms
            ), i as (
              insert into pin_event (stream_id, product_id, action, offset_ms, at)
              select $1, $2, 'PIN', offset_ms, now() from u
            )
            select s.controller, s.status, s.in_showcase, s.host_shop, p.id, p.title, p.price_minor, p.currency,
                   p.image, p.stock, p.seller_id, u.offset_ms
            from s left join p on true left join u on true""";

    private final Pool pool;

    PinStore(Pool pool) {
        this.pool = pool;
    }

    /** Null when the stream does not exist. */
    Uni<Attempt> pin(long streamId, long productId, String userId) {
        return pool.withConnection(conn -> conn.preparedQuery(PIN).execute(Tuple.of(streamId, productId, userId)))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    Long productRow = r.getLong(4);
                    ProductCard card = productRow == null ? null : new ProductCard(productRow, r.getString(5),
                            r.getLong(6), r.getString(7), r.getString(8), r.getInteger(9));
                    return new Attempt(r.getBoolean(0), r.getString(1), r.getBoolean(2), r.getLong(3), r.getLong(10),
                            card, r.getLong(11));
                });
    }
}
