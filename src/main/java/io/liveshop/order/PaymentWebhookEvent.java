package io.liveshop.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** A provider's notification: {@code payment.succeeded}, {@code payment.failed} or {@code charge.refunded}. */
public record PaymentWebhookEvent(@NotBlank @Size(max = 128) String id, @NotBlank @Size(max = 64) String type,
        @NotNull @Positive Long orderId, @Size(max = 64) String paymentId) {
}
