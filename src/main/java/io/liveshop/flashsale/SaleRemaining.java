package io.liveshop.flashsale;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Units still buyable; coalesced per sale (a newer value replaces an undelivered older one). */
public record SaleRemaining(long streamId, long saleId, int remaining, int allocated, @JsonIgnore SaleView sale)
        implements SaleEvent {

    @Override
    public String type() {
        return "sale.remaining";
    }

    @Override
    public String coalesceKey() {
        return "sale:" + saleId + ":remaining";
    }
}
