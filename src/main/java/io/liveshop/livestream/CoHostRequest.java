package io.liveshop.livestream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CoHostRequest(@NotBlank @Size(max = 64) String userId) {
}
