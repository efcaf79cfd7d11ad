package io.liveshop.order;

import java.time.Instant;
import java.util.List;

public record OrderView(long id, String buyerId, long sellerId, OrderStatus status, OrderSource source, Long saleId,
        String currency, long totalMinor, List<Line> lines, String paymentId, Instant expiresAt, Instant paidAt,
        Instant createdAt, Instant updatedAt, Long checkoutId, Long subtotalMinor, long shippingMinor,
        long discountMinor, String shipTo, String carrier, String trackingNumber) {

    public record Line(long productId, String title, int quantity, long unitPriceMinor) {
    }

    public static OrderView of(Order o) {
        List<Line> lines = o.lines.stream()
                .map(l -> new Line(l.productId, l.title, l.quantity, l.unitPriceMinor)).toList();
        return new OrderView(o.id, o.buyerId, o.sellerId, o.status, o.source, o.saleId, o.currency, o.totalMinor,
                lines, o.paymentId, o.expiresAt, o.paidAt, o.createdAt, o.updatedAt,
                o.checkoutId, o.subtotalMinor, o.shippingMinor, o.discountMinor, o.shipTo, o.carrier, o.trackingNumber);
    }
}
