package io.liveshop.flashsale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** A sale was started; it opens at {@code opensAt} ({@code countdownSeconds} 0 means now). */
public record SaleAnnounced(long streamId, long saleId, long productId, String title, long priceMinor,
        String currency, int quantity, int perBuyerLimit, int countdownSeconds, Instant opensAt, Instant endsAt,
        @JsonIgnore SaleView sale) implements SaleEvent {

    @Override
    public String type() {
        return "sale.announced";
    }
}
