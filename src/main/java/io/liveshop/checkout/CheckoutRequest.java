package io.liveshop.checkout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code addressId}: one of the buyer's addresses (the default one when omitted); {@code productIds}: the cart lines
 * to buy (every line when omitted); {@code voucherIds}: the buyer's claimed vouchers to apply, at most one per seller.
 */
public record CheckoutRequest(@Positive Long addressId, @NotBlank @Size(max = 64) String cardToken,
        @Size(min = 1, max = 100) List<@NotNull @Positive Long> productIds,
        @Size(max = 20) List<@NotNull @Positive Long> voucherIds) {
}
