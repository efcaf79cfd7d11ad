package io.liveshop.order;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Set;

/**
 * What the flash-sale feature decides about its winners' orders, for {@link SaleOrderWriter}: how long buys are
 * batched, how long a winner has to pay, and which sales may still take orders. Implemented by flash sales.
 */
public interface SaleOrderPolicy {

    Duration batchWindow();

    int batchMax();

    Duration paymentWindow();

    /**
     * Inside the batch's transaction: locks the sales against settlement until it commits and returns those that
     * still take orders.
     */
    Uni<Set<Long>> lockRunning(SqlConnection transaction, Set<Long> saleIds);
}
