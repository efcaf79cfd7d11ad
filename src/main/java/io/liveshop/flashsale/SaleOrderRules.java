package io.liveshop.flashsale;

import io.liveshop.order.SaleOrderPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The flash-sale side of writing winners' orders: batching from {@code liveshop.flash-sales.*}, and the guard that
 * orders a batch against settlement ({@code FOR SHARE} on the sale rows; settlement takes them exclusively).
 */
@ApplicationScoped
class SaleOrderRules implements SaleOrderPolicy {

    private final Duration batchWindow;
    private final int batchMax;
    private final Duration paymentWindow;

    SaleOrderRules(FlashSaleConfig config) {
        this.batchWindow = config.batchWindow();
        this.batchMax = config.batchMax();
        this.paymentWindow = config.paymentWindow();
    }

    @Override
    public Duration batchWindow() {
        return batchWindow;
    }

    @Override
    public int batchMax() {
        return batchMax;
    }

    @Override
    public Duration paymentWindow() {
        return paymentWindow;
    }

    @Override
    public Uni<Set<Long>> lockRunning(SqlConnection transaction, Set<Long> saleIds) {
        return transaction
                .preparedQuery("select id from flash_sale where id = any($1) and status <> 'ENDED' order by id for share")
                .execute(Tuple.of(saleIds.toArray(Long[]::new)))
                .map(rows -> {
                    Set<Long> running = new HashSet<>();
                    rows.forEach(r -> running.add(r.getLong(0)));
                    return running;
                });
    }
}
