package io.liveshop.checkout;

import io.liveshop.order.OrderStatus;
import java.util.List;

/** A checkout: one charge of {@code chargedMinor}, the sum of its orders' totals. */
public record CheckoutView(long id, long chargedMinor, String currency, String paymentId, List<SellerOrder> orders) {

    public record SellerOrder(long id, long sellerId, long subtotalMinor, long shippingMinor, long discountMinor,
            long totalMinor, OrderStatus status) {
    }
}
