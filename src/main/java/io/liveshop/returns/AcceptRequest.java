package io.liveshop.returns;

import jakarta.validation.constraints.NotNull;

/** {@code restock}: the returned units go back to the products' stock. */
public record AcceptRequest(@NotNull Boolean restock) {
}
