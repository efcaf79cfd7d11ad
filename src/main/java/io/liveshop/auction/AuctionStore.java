package io.liveshop.auction;

import io.liveshop.order.AuctionOrders;
import io.liveshop.platform.ProblemException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Auction SQL on the reactive pg client (outside Hibernate sessions). The auction row is the durable live state:
 * every batch of accepted bids updates it in the same transaction, guarded by {@code status = 'RUNNING'}, and
 * settlement runs only after the batches drained, so the row holds exactly the state the bidders were told.
 */
@ApplicationScoped
public class AuctionStore {

    private static final String COLUMNS = """
            id, stream_id, product_id, seller_id, host_id, title, currency, mode, extension_seconds,
            starting_price_minor, reserve_price_minor, status, price_minor, leader_id, leader_name, leader_max_minor,
            bid_count, started_at, ends_at, closed_at, winner_id, order_id""";

    /** What settlement did. */
    record Settled(AuctionStatus status, String winnerId, Long orderId, long priceMinor, boolean sold, Instant at,
            AuctionOrders.Placed order) {
    }

    /** A remembered answer of an accepted submission, for retries after a restart. */
    record Answered(String bidderId, String requestId, String fingerprint, BidOutcome outcome, long answerPrice) {
    }

    private final Pool pool;
    private final AuctionOrders orders;

    AuctionStore(Pool pool, AuctionOrders orders) {
        this.pool = pool;
        this.orders = orders;
    }

    /** Takes one unit from the product and creates the running auction, in one transaction. */
    Uni<AuctionBook> create(String hostId, AuctionRequest r, int extension, Instant now) {
        Instant endsAt = now.plusSeconds(r.durationSeconds());
        return pool.withTransaction(tx -> tx.preparedQuery("""
                update product set stock = stock - 1, updated_at = now()
                where id = $1 and status = 'ACTIVE' and stock >= 1 returning seller_id, title, currency""")
                .execute(Tuple.of(r.productId()))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        throw ProblemException.conflict("insufficient-stock",
                                "The product is not on sale or has no unit in stock");
                    }
                    Row p = it.next();
                    return tx.preparedQuery("""
                            insert into auction (stream_id, product_id, seller_id, host_id, title, currency, mode,
                                extension_seconds, starting_price_minor, reserve_price_minor, status, started_at, ends_at)
                            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'RUNNING', $11, $12) returning id""")
                            .execute(Tuple.from(new Object[] { r.streamId(), r.productId(), p.getLong(0), hostId,
                                    p.getString(1), p.getString(2), r.mode().name(), extension, r.startingPriceMinor(),
                                    r.reservePriceMinor(), utc(now), utc(endsAt) }))
                            .map(ids -> ids.iterator().next().getLong(0));
                })
                )
                .onFailure(AuctionStore::isRunningConflict).transform(e -> ProblemException.conflict("auction-running",
                        "This stream already runs an auction; wait for it to close"))
                .flatMap(this::load);
    }

    /** The host and the stream's co-hosts: they may not bid. */
    private static Uni<Set<String>> excluded(SqlConnection conn, long streamId, String hostId) {
        return conn.preparedQuery("select user_id from stream_cohost where stream_id = $1").execute(Tuple.of(streamId))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    out.add(hostId);
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** The stream's co-hosts now. */
    Uni<Set<String>> coHosts(long streamId) {
        return pool.withConnection(conn -> conn.preparedQuery("select user_id from stream_cohost where stream_id = $1")
                .execute(Tuple.of(streamId)).map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                }));
    }

    /** The auction as a book (state from its row), or null. */
    Uni<AuctionBook> load(long id) {
        return pool.withConnection(conn -> conn.preparedQuery("select " + COLUMNS + " from auction where id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row r = it.next();
                    return excluded(conn, r.getLong(1), r.getString(4)).map(ex -> book(r, ex));
                }));
    }

    private static AuctionBook book(Row r, Set<String> excluded) {
        AuctionBook b = new AuctionBook(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4),
                r.getString(5), r.getString(6), AuctionMode.valueOf(r.getString(7)), r.getInteger(8), r.getLong(9),
                r.getLong(10), instant(r, 17), excluded, AuctionStatus.valueOf(r.getString(11)), state(r));
        if (b.status() != AuctionStatus.RUNNING) {
            b.ended(b.status(), r.getString(20), r.getLong(21), instant(r, 19));
        }
        return b;
    }

    private static AuctionBook.State state(Row r) {
        return new AuctionBook.State(r.getLong(12), r.getString(13), r.getString(14), r.getLong(15), r.getInteger(16),
                instant(r, 18));
    }

    /** The durable live state (after a failed write). */
    Uni<AuctionBook.State> state(long id) {
        return pool.preparedQuery("select " + COLUMNS + " from auction where id = $1").execute(Tuple.of(id))
                .map(rows -> state(rows.iterator().next()));
    }

    Uni<List<Long>> runningIds() {
        return pool.preparedQuery("select id from auction where status = 'RUNNING' order by id").execute()
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** The running auction of a stream, if any. */
    Uni<Long> runningOf(long streamId) {
        return pool.preparedQuery("select id from auction where stream_id = $1 and status = 'RUNNING'")
                .execute(Tuple.of(streamId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? it.next().getLong(0) : null;
                });
    }

    /** One batch of accepted bids and the state after the last of them, in one transaction. */
    Uni<Void> write(long id, List<AuctionBook.Row> rows, AuctionBook.State after) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                update auction set price_minor = $2, leader_id = $3, leader_name = $4, leader_max_minor = $5,
                    bid_count = $6, ends_at = $7 where id = $1 and status = 'RUNNING'""")
                .execute(Tuple.from(new Object[] { id, after.price(), after.leaderId(), after.leaderName(),
                        after.leaderMax(), after.bidCount(), utc(after.endsAt()) }))
                .flatMap(updated -> {
                    if (updated.rowCount() != 1) {
                        return Uni.createFrom().failure(new IllegalStateException("Auction " + id + " is not running"));
                    }
                    return rows.isEmpty() ? Uni.createFrom().voidItem() : insertRows(tx, id, rows);
                }));
    }

    private static Uni<Void> insertRows(SqlConnection tx, long id, List<AuctionBook.Row> rows) {
        int n = rows.size();
        Integer[] seq = new Integer[n];
        String[] bidder = new String[n];
        String[] name = new String[n];
        Long[] amount = new Long[n];
        Boolean[] auto = new Boolean[n];
        Long[] max = new Long[n];
        String[] request = new String[n];
        String[] fingerprint = new String[n];
        String[] outcome = new String[n];
        Long[] answer = new Long[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            AuctionBook.Row r = rows.get(i);
            seq[i] = r.seq();
            bidder[i] = r.bidderId();
            name[i] = r.bidderName();
            amount[i] = r.amount();
            auto[i] = r.auto();
            max[i] = r.max();
            request[i] = r.requestId();
            fingerprint[i] = r.fingerprint();
            outcome[i] = r.outcome() == null ? null : r.outcome().name();
            answer[i] = r.answerPrice();
            at[i] = utc(r.placedAt());
        }
        return tx.preparedQuery("""
                insert into auction_bid (auction_id, seq, bidder_id, bidder_name, amount_minor, auto, max_minor,
                    request_id, request_fingerprint, outcome, answer_price_minor, placed_at)
                select $1, s, b, n, a, au, m, r, f, o, ap, t
                from unnest($2::int[], $3::varchar[], $4::varchar[], $5::bigint[], $6::boolean[], $7::bigint[],
                            $8::varchar[], $9::varchar[], $10::varchar[], $11::bigint[], $12::timestamptz[])
                     as x(s, b, n, a, au, m, r, f, o, ap, t)""")
                .execute(Tuple.from(new Object[] { id, seq, bidder, name, amount, auto, max, request, fingerprint,
                        outcome, answer, at }))
                .replaceWithVoid();
    }

    /**
     * Closes a running auction from its durable state: the leader wins at the price if it meets the reserve (an
     * order in the same transaction), else the unit goes back to the product. Null if it was not running.
     */
    Uni<Settled> settle(long id, AuctionOrders.NewAuctionOrder template) {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                update auction set status = 'CLOSED', closed_at = $2 where id = $1 and status = 'RUNNING'
                returning price_minor, leader_id, reserve_price_minor, product_id, seller_id, title, currency""")
                .execute(Tuple.of(id, utc(now)))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().<Settled>nullItem();
                    }
                    Row r = it.next();
                    Long price = r.getLong(0);
                    String leader = r.getString(1);
                    Long reserve = r.getLong(2);
                    if (leader == null || reserve != null && price < reserve) {
                        return tx.preparedQuery("update product set stock = stock + 1, updated_at = now() where id = $1")
                                .execute(Tuple.of(r.getLong(3)))
                                .replaceWith(new Settled(AuctionStatus.CLOSED, null, null, price == null ? 0 : price,
                                        false, now, null));
                    }
                    AuctionOrders.NewAuctionOrder order = new AuctionOrders.NewAuctionOrder(leader, template.key(),
                            template.fingerprint(), r.getLong(4), r.getLong(3), r.getString(5), price,
                            r.getString(6), template.expiresAt());
                    return orders.place(tx, order).flatMap(placed -> tx.preparedQuery(
                            "update auction set winner_id = $2, order_id = $3 where id = $1")
                            .execute(Tuple.of(id, leader, placed.orderId()))
                            .replaceWith(new Settled(AuctionStatus.CLOSED, leader, placed.orderId(), price, true, now,
                                    placed)));
                }));
    }

    /** Cancels a running auction without bids and gives its unit back. False if it has bids or is not running. */
    Uni<Boolean> cancel(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                update auction set status = 'CANCELLED', closed_at = now()
                where id = $1 and status = 'RUNNING' and bid_count = 0 returning product_id""")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    return tx.preparedQuery("update product set stock = stock + 1, updated_at = now() where id = $1")
                            .execute(Tuple.of(it.next().getLong(0))).replaceWith(true);
                }));
    }

    Uni<List<BidView>> bids(long id) {
        return pool.preparedQuery("""
                select seq, bidder_id, bidder_name, amount_minor, auto, placed_at from auction_bid
                where auction_id = $1 order by seq""").execute(Tuple.of(id))
                .map(rows -> {
                    List<BidView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new BidView(r.getInteger(0), r.getString(1), r.getString(2), r.getLong(3),
                            r.getBoolean(4), instant(r, 5))));
                    return out;
                });
    }

    /** Answers of accepted submissions, for retries across a restart. */
    Uni<List<Answered>> answered(long id) {
        return pool.preparedQuery("""
                select bidder_id, request_id, request_fingerprint, outcome, answer_price_minor from auction_bid
                where auction_id = $1 and request_id is not null""").execute(Tuple.of(id))
                .map(rows -> {
                    List<Answered> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Answered(r.getString(0), r.getString(1), r.getString(2),
                            BidOutcome.valueOf(r.getString(3)), r.getLong(4))));
                    return out;
                });
    }

    /**
     * After the winner's order expired: an order for the best other bidder at its highest bid, with the unit taken
     * from stock again. Problems when that is not possible.
     */
    Uni<AuctionOrders.Placed> offerRunnerUp(long id, String key, String fingerprint, Instant expiresAt) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                select status, winner_id, order_id, runner_up_order_id, product_id, seller_id, title, currency
                from auction where id = $1 for update""").execute(Tuple.of(id))
                .flatMap(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        throw ProblemException.notFound("Auction " + id);
                    }
                    Row a = it.next();
                    if (!"CLOSED".equals(a.getString(0)) || a.getLong(2) == null) {
                        throw ProblemException.conflict("no-winner", "The auction has not closed with a winner");
                    }
                    if (a.getLong(3) != null) {
                        throw ProblemException.conflict("runner-up-offered", "The runner-up was offered this lot already");
                    }
                    return tx.preparedQuery("select status from orders where id = $1").execute(Tuple.of(a.getLong(2)))
                            .flatMap(o -> {
                                if (!"EXPIRED".equals(o.iterator().next().getString(0))) {
                                    throw ProblemException.conflict("winner-order-not-expired",
                                            "The winner's order has not expired unpaid");
                                }
                                return tx.preparedQuery("""
                                        select bidder_id, max(amount_minor) m from auction_bid
                                        where auction_id = $1 and bidder_id <> $2
                                        group by bidder_id order by m desc, min(seq) limit 1""")
                                        .execute(Tuple.of(id, a.getString(1)));
                            })
                            .flatMap(best -> {
                                var b = best.iterator();
                                if (!b.hasNext()) {
                                    throw ProblemException.conflict("no-runner-up", "Nobody else bid on this lot");
                                }
                                Row runner = b.next();
                                return tx.preparedQuery("""
                                        update product set stock = stock - 1, updated_at = now()
                                        where id = $1 and stock >= 1""").execute(Tuple.of(a.getLong(4)))
                                        .flatMap(taken -> {
                                            if (taken.rowCount() != 1) {
                                                throw ProblemException.conflict("insufficient-stock",
                                                        "The unit is no longer in stock");
                                            }
                                            return orders.place(tx, new AuctionOrders.NewAuctionOrder(runner.getString(0),
                                                    key, fingerprint, a.getLong(5), a.getLong(4), a.getString(6),
                                                    runner.getLong(1), a.getString(7), expiresAt));
                                        })
                                        .call(placed -> tx.preparedQuery("""
                                                update auction set runner_up_id = $2, runner_up_order_id = $3 where id = $1""")
                                                .execute(Tuple.of(id, runner.getString(0), placed.orderId())));
                            });
                }));
    }

    private static boolean isRunningConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("auction_running_uq")) {
                return true;
            }
        }
        return false;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, int column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
