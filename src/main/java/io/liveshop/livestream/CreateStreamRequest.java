package io.liveshop.livestream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

public record CreateStreamRequest(@NotBlank @Size(max = 200) String title, Instant scheduledStart,
        @Size(max = 50) List<@NotNull @Positive Long> showcase, @Size(max = 2000) String playbackUrl) {
}
