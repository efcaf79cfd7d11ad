package io.liveshop.returns;

import io.liveshop.order.OrderEvents;
import io.liveshop.payment.PaymentGateway;
import io.liveshop.platform.DatabaseFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The refund of an accepted return, after its commit: recorded PENDING with the acceptance, refunded through the
 * provider under the reference {@code return-{id}} (so a repeat refunds nothing more), then marked DONE. A failed
 * attempt stays PENDING and is tried again by a repeated accept and by {@link #sweep}.
 */
@ApplicationScoped
public class ReturnRefunds {

    static final String PENDING = "PENDING";
    static final String DONE = "DONE";
    static final int BATCH = 50;
    private static final Logger LOG = Logger.getLogger(ReturnRefunds.class);

    private final Pool pool;
    private final PaymentGateway gateway;
    private final OrderEvents events;
    private final ReturnsConfig config;

    ReturnRefunds(Pool pool, PaymentGateway gateway, OrderEvents events, ReturnsConfig config) {
        this.pool = pool;
        this.gateway = gateway;
        this.events = events;
        this.config = config;
    }

    /** Tries the refund once; answers the state after the attempt (a failure is recorded, not thrown). */
    public Uni<String> attempt(ReturnRequest r) {
        if (!PENDING.equals(r.refundState)) {
            return Uni.createFrom().item(r.refundState);
        }
        return gateway.refundPart(r.refundPaymentId, r.refundMinor, "return-" + r.id)
                .flatMap(x -> pool.preparedQuery("""
                        update return_request set refund_state = 'DONE', refunded_at = now(), refund_error = null
                        where id = $1 and refund_state = 'PENDING'""").execute(Tuple.of(r.id)))
                .map(x -> {
                    r.refundState = DONE;
                    return DONE;
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Refund of return %d failed, it stays PENDING and is retried: %s", r.id, failure.getMessage());
                    String error = String.valueOf(failure.getMessage());
                    return pool.preparedQuery("""
                            update return_request set refund_attempts = refund_attempts + 1, refund_error = $2
                            where id = $1 and refund_state = 'PENDING'""")
                            .execute(Tuple.of(r.id, error.substring(0, Math.min(500, error.length()))))
                            .onFailure().recoverWithNull().replaceWith(PENDING);
                });
    }

    @Scheduled(every = "${liveshop.returns.refund-retry-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return retryPending(config.refundRetryAfter()).replaceWithVoid()
                .onFailure(DatabaseFailures::unavailable).recoverWithItem(failure -> {
                    LOG.warnf("Refund retries skipped, the database is unavailable: %s", failure.getMessage());
                    return null;
                });
    }

    /**
     * Retries the refunds still PENDING that were decided at least {@code olderThan} ago (so the accept's own first
     * attempt is not raced) and tried fewer than {@code liveshop.returns.refund-attempts} times; answers how many
     * are now DONE. Each one done tells its buyer with a {@code return} frame.
     */
    public Uni<Integer> retryPending(Duration olderThan) {
        return pool.preparedQuery("""
                select id, order_id, buyer_id, seller_id, refund_minor, refund_payment_id, status, restock, reason,
                       created_at, decided_at
                from return_request
                where refund_state = 'PENDING' and refund_attempts < $1
                  and decided_at <= now() - make_interval(secs => $2)
                order by decided_at limit $3""")
                .execute(Tuple.of(config.refundAttempts(), (double) olderThan.toMillis() / 1000, BATCH))
                .map(ReturnRefunds::pending)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(r -> attempt(r).invoke(state -> {
                            if (DONE.equals(state)) {
                                events.publish(ReturnChanged.of(r));
                            }
                        }))
                        .filter(DONE::equals).collect().asList().map(List::size));
    }

    private static List<ReturnRequest> pending(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<ReturnRequest> out = new ArrayList<>();
        for (Row row : rows) {
            ReturnRequest r = new ReturnRequest();
            r.id = row.getLong("id");
            r.orderId = row.getLong("order_id");
            r.buyerId = row.getString("buyer_id");
            r.sellerId = row.getLong("seller_id");
            r.refundMinor = row.getLong("refund_minor");
            r.refundPaymentId = row.getString("refund_payment_id");
            r.status = ReturnStatus.valueOf(row.getString("status"));
            r.restock = row.getBoolean("restock");
            r.reason = row.getString("reason");
            r.refundState = PENDING;
            out.add(r);
        }
        return out;
    }
}
