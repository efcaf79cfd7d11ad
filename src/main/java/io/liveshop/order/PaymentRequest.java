package io.liveshop.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A card token from the payment provider's client SDK (sandbox tokens are listed in the README). */
public record PaymentRequest(@NotBlank @Size(max = 64) String cardToken) {
}
