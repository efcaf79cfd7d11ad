package io.liveshop.livestream;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

public record ProductRef(@NotNull @Positive Long productId) {
}
