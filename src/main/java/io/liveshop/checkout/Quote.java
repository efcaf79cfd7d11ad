package io.liveshop.checkout;

import io.liveshop.cart.CartRow;
import java.util.List;

/**
 * What a checkout will buy, priced before the card is authorized. Per seller: subtotal = Σ price × quantity;
 * shipping = the flat fee; discount = the seller's voucher (at most the subtotal, never the shipping);
 * total = subtotal + shipping − discount ≥ 0. The charge is Σ totals, so order totals always add up to it.
 */
record Quote(String currency, List<SellerPart> sellers, long chargeMinor, Long addressId, String shipTo) {

    record SellerPart(long sellerId, List<CartRow> lines, long subtotalMinor, long shippingMinor, long discountMinor,
            Long voucherId) {

        long totalMinor() {
            return subtotalMinor + shippingMinor - discountMinor;
        }
    }

    List<CartRow> lines() {
        return sellers.stream().flatMap(s -> s.lines().stream()).sorted(java.util.Comparator.comparingLong(CartRow::productId))
                .toList();
    }
}
