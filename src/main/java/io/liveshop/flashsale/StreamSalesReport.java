package io.liveshop.flashsale;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stream's host sees of its sales: per sale the live counters (held, sold, remaining) and whether the
 * invariant holds, revenue from paid orders, and the latest orders. Read on the reactive pg client (no Hibernate
 * session), so a feed timer may call it from any Vert.x context.
 */
@ApplicationScoped
public class StreamSalesReport {

    static final int SALES = 5;
    static final int RECENT_ORDERS = 8;

    public record SaleLine(long saleId, long productId, String title, SaleStatus status, boolean soldOut,
            long priceMinor, String currency, int allocated, int remaining, int held, int sold, long revenueMinor,
            boolean invariantHolds) {
    }

    public record RecentOrder(long orderId, String buyerId, String status, long totalMinor, String currency,
            Long saleId, Instant at) {
    }

    public record Report(List<SaleLine> sales, long revenueMinor, List<RecentOrder> recentOrders) {
    }

    private final Pool pool;
    private final FlashSaleService sales;

    StreamSalesReport(Pool pool, FlashSaleService sales) {
        this.pool = pool;
        this.sales = sales;
    }

    public Uni<Report> report(long streamId) {
        return pool.preparedQuery("""
                select s.id, coalesce(sum(o.total_minor) filter (where o.status in (%s)), 0)
                from flash_sale s left join orders o on o.sale_id = s.id
                where s.stream_id = $1 group by s.id order by s.id desc limit %d""".formatted(SaleStore.SOLD, SALES))
                .execute(Tuple.of(streamId))
                .flatMap(rows -> {
                    Map<Long, Long> revenue = new HashMap<>();
                    List<Long> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getLong(0));
                        revenue.put(r.getLong(0), r.getLong(1));
                    }
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> line(id, revenue.get(id)))
                            .collect().asList();
                })
                .flatMap(lines -> recentOrders(streamId).map(recent -> new Report(lines,
                        lines.stream().mapToLong(SaleLine::revenueMinor).sum(), recent)));
    }

    private Uni<SaleLine> line(long saleId, long revenue) {
        return sales.get(saleId).flatMap(view -> sales.invariant(saleId).map(inv -> new SaleLine(saleId,
                view.productId(), view.title(), view.status(), view.soldOut(), view.priceMinor(), view.currency(),
                view.allocated(), view.remaining(), view.held(), view.sold(), revenue, inv.holds())));
    }

    private Uni<List<RecentOrder>> recentOrders(long streamId) {
        return pool.preparedQuery("""
                select o.id, o.buyer_id, o.status, o.total_minor, o.currency, o.sale_id, o.updated_at
                from orders o join flash_sale s on s.id = o.sale_id
                where s.stream_id = $1 order by o.updated_at desc, o.id desc limit %d""".formatted(RECENT_ORDERS))
                .execute(Tuple.of(streamId))
                .map(rows -> {
                    List<RecentOrder> out = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime at = r.getOffsetDateTime(6);
                        out.add(new RecentOrder(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3),
                                r.getString(4), r.getLong(5), at == null ? null : at.toInstant()));
                    }
                    return out;
                });
    }
}
