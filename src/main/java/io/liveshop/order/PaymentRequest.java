package io.liveshop.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A card token from the payment provider's client SDK (sandbox tokens are listed in the README), and the buyer's
 * shipping address for the order ({@code addressId}; the buyer's default address when omitted, none if there is none).
 */
public record PaymentRequest(@NotBlank @Size(max = 64) String cardToken, @Positive Long addressId) {
}
