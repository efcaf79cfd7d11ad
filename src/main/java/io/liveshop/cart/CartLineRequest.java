package io.liveshop.cart;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Adds {@code quantity} units (added to a line already there); {@code streamId} credits the stream it came from. */
public record CartLineRequest(@NotNull @Positive Long productId, @NotNull @Min(1) @Max(CartService.MAX_QUANTITY) Integer quantity,
        @Positive Long streamId) {
}
