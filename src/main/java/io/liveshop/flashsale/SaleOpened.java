package io.liveshop.flashsale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

public record SaleOpened(long streamId, long saleId, int remaining, Instant endsAt, @JsonIgnore SaleView sale)
        implements SaleEvent {

    @Override
    public String type() {
        return "sale.open";
    }
}
