package io.liveshop.voucher;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

public record DropRequest(@NotNull @Positive Long voucherId) {
}
