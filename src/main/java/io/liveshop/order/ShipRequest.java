package io.liveshop.order;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Optional shipment details for {@code POST /api/orders/{id}/ship}. */
public record ShipRequest(@Size(min = 1, max = 60) String carrier,
        @Size(min = 1, max = 60) @Pattern(regexp = "[A-Za-z0-9 -]+", message = "must be letters, digits, spaces or hyphens") String trackingNumber) {
}
