package io.liveshop.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SellerRequest(@NotBlank @Size(max = 120) String name, @Size(max = 2000) String description) {
}
