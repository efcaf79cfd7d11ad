package io.liveshop.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

public record BuyNowRequest(@NotNull @Positive Long productId, @NotNull @Min(1) @Max(10) Integer quantity) {
}
