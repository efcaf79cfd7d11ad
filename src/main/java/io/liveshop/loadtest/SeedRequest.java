package io.liveshop.loadtest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How much to seed: {@code products} active products of {@code stock} units each, all in one live stream. */
public record SeedRequest(@Min(1) @Max(50) Integer products, @Min(0) @Max(1_000_000) Integer stock) {
}
