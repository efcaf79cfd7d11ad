package io.liveshop.order;

import io.liveshop.platform.DatabaseFailures;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.cluster.OwnershipClaims;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Writes flash-sale winners' orders ({@code PENDING_PAYMENT}, source {@code FLASH_SALE}, one line). Orders are
 * collected for the policy's batch window (or until its batch max) and written by one multi-row insert per table in
 * one transaction; batches run concurrently. A caller hears back only after the commit, on its own Vert.x context,
 * and the new order's status is published like every other order's. In a cluster the transaction first checks, and
 * locks, that this node still runs every sale of the batch ({@link OwnershipClaims#fence}), else it writes nothing.
 */
@ApplicationScoped
public class SaleOrderWriter {

    private static final Logger LOG = Logger.getLogger(SaleOrderWriter.class);

    /** One winner's order to write; {@code requestId} is the order's idempotency key. */
    public record NewSaleOrder(long saleId, String buyerId, String requestId, String fingerprint, long sellerId,
            long productId, String title, long priceMinor, String currency) {
    }

    public enum Outcome { INSERTED, KEY_EXISTS, SALE_ENDED }

    /** {@code orderId} and {@code expiresAt} are set when INSERTED. */
    public record Written(Outcome outcome, Long orderId, Instant expiresAt) {
    }

    public record Existing(long orderId, Long saleId, String fingerprint, Instant expiresAt) {
    }

    private record Pending(NewSaleOrder order, UniEmitter<? super Written> caller, Context context) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final SaleOrderPolicy policy;
    private final OrderEvents events;
    private final OwnershipClaims owners;
    private final long windowMillis;
    private final int batchMax;
    private final Duration paymentWindow;
    private List<Pending> open = new ArrayList<>();

    SaleOrderWriter(Pool pool, Vertx vertx, SaleOrderPolicy policy, OrderEvents events, OwnershipClaims owners) {
        this.pool = pool;
        this.owners = owners;
        this.vertx = vertx;
        this.policy = policy;
        this.events = events;
        this.windowMillis = Math.max(1, policy.batchWindow().toMillis());
        this.batchMax = policy.batchMax();
        this.paymentWindow = policy.paymentWindow();
    }

    /** Completes once the order is committed (or found to exist, or refused), on the caller's context. */
    public Uni<Written> write(NewSaleOrder order) {
        return Uni.createFrom().emitter(emitter -> {
            List<Pending> full = null;
            boolean first;
            synchronized (this) {
                open.add(new Pending(order, emitter, Vertx.currentContext()));
                first = open.size() == 1;
                if (open.size() >= batchMax) {
                    full = open;
                    open = new ArrayList<>();
                }
            }
            if (full != null) {
                insert(full);
            } else if (first) {
                vertx.setTimer(windowMillis, id -> flush());
            }
        });
    }

    public Uni<Existing> existing(String buyerId, String key) {
        // on a connection, not the pool: see SaleStore on vertx-sql-client#1706
        return pool.withConnection(conn -> conn.preparedQuery("select id, sale_id, request_fingerprint, expires_at from orders"
                + " where buyer_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(buyerId, key)))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    OffsetDateTime expires = r.getOffsetDateTime(3);
                    return new Existing(r.getLong(0), r.getLong(1), r.getString(2),
                            expires == null ? null : expires.toInstant());
                });
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            if (open.isEmpty()) {
                return;
            }
            batch = open;
            open = new ArrayList<>();
        }
        insert(batch);
    }

    private void insert(List<Pending> batch) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(paymentWindow);
        Set<Long> saleIds = new TreeSet<>();
        batch.forEach(p -> saleIds.add(p.order().saleId()));
        pool.withTransaction(tx -> lockRunning(tx, saleIds).flatMap(running -> {
            List<NewSaleOrder> writable = new ArrayList<>(batch.size());
            batch.forEach(p -> {
                if (running.contains(p.order().saleId())) {
                    writable.add(p.order());
                }
            });
            Uni<Map<String, Long>> ids = writable.isEmpty() ? Uni.createFrom().item(Map.of())
                    : insertRows(tx, writable, now, expiresAt);
            return ids.map(inserted -> answers(batch, running, inserted, expiresAt));
        })).subscribe().with(answers -> {
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                Written written = answers.get(i);
                if (written.outcome() == Outcome.INSERTED) {
                    NewSaleOrder o = p.order();
                    events.statusChanged(new OrderStatusChanged(o.buyerId(), written.orderId(),
                            OrderStatus.PENDING_PAYMENT, OrderSource.FLASH_SALE, o.saleId(), o.priceMinor(), o.currency(),
                            expiresAt, now));
                }
                deliver(p, written, null);
            }
        }, failure -> {
            if (failure instanceof ProblemException) { // fenced: another node runs one of these sales now
                LOG.warnf("Writing %d flash-sale orders refused: %s", batch.size(), failure.getMessage());
            } else if (DatabaseFailures.unavailable(failure)) { // an outage: each buyer is answered 503, nothing to debug
                LOG.warnf("Writing %d flash-sale orders failed, the database is unavailable: %s", batch.size(), failure);
            } else {
                LOG.errorf(failure, "Writing %d flash-sale orders failed", batch.size());
            }
            batch.forEach(p -> deliver(p, null, failure));
        });
    }

    /** Cluster: fenced first, so a claimer of one of these sales waits for this batch and then rebuilds from it. */
    private Uni<Set<Long>> lockRunning(SqlConnection tx, Set<Long> saleIds) {
        return owners.fencing() // "sale": the kind flash sales' Ownership records (flashsale.SaleOwners)
                ? owners.fence(tx, "sale", saleIds).flatMap(x -> policy.lockRunning(tx, saleIds))
                : policy.lockRunning(tx, saleIds);
    }

    private static List<Written> answers(List<Pending> batch, Set<Long> running, Map<String, Long> inserted,
            Instant expiresAt) {
        List<Written> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            NewSaleOrder o = p.order();
            Long id = inserted.get(key(o.buyerId(), o.requestId()));
            out.add(id != null ? new Written(Outcome.INSERTED, id, expiresAt)
                    : new Written(running.contains(o.saleId()) ? Outcome.KEY_EXISTS : Outcome.SALE_ENDED, null, null));
        }
        return out;
    }

    /** The answer goes back on the context the caller wrote from, so its pipeline never continues on ours. */
    private static void deliver(Pending p, Written written, Throwable failure) {
        Runnable complete = () -> {
            if (failure == null) {
                p.caller().complete(written);
            } else {
                p.caller().fail(failure);
            }
        };
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            complete.run();
        } else {
            p.context().runOnContext(v -> complete.run());
        }
    }

    private static Uni<Map<String, Long>> insertRows(SqlConnection tx, List<NewSaleOrder> rows, Instant now,
            Instant expiresAt) {
        int n = rows.size();
        String[] buyers = new String[n];
        Long[] sellers = new Long[n];
        Long[] sales = new Long[n];
        String[] currencies = new String[n];
        Long[] totals = new Long[n];
        String[] keys = new String[n];
        String[] fingerprints = new String[n];
        for (int i = 0; i < n; i++) {
            NewSaleOrder o = rows.get(i);
            buyers[i] = o.buyerId();
            sellers[i] = o.sellerId();
            sales[i] = o.saleId();
            currencies[i] = o.currency();
            totals[i] = o.priceMinor();
            keys[i] = o.requestId();
            fingerprints[i] = o.fingerprint();
        }
        Tuple params = Tuple.tuple(List.of(buyers, sellers, sales, currencies, totals, keys, fingerprints,
                expiresAt.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)));
        return tx.preparedQuery("""
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
                    for (NewSaleOrder o : rows) {
                        Long id = ids.get(key(o.buyerId(), o.requestId()));
                        if (id != null) {
                            orderIds.add(id);
                            products.add(o.productId());
                            titles.add(o.title());
                            prices.add(o.priceMinor());
                        }
                    }
                    return tx.preparedQuery("""
                            insert into order_line (order_id, product_id, title, quantity, unit_price_minor)
                            select o, p, t, 1, u from unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::bigint[])
                                 as x(o, p, t, u)""")
                            .execute(Tuple.of(orderIds.toArray(Long[]::new), products.toArray(Long[]::new),
                                    titles.toArray(String[]::new), prices.toArray(Long[]::new)))
                            .replaceWith(ids);
                });
    }

    private static String key(String buyerId, String requestId) {
        return buyerId + "\u0000" + requestId;
    }
}
