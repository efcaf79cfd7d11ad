package io.liveshop.flashsale;

import com.fasterxml.jackson.annotation.JsonIgnore;

public record SaleSoldOut(long streamId, long saleId, @JsonIgnore SaleView sale) implements SaleEvent {

    @Override
    public String type() {
        return "sale.sold-out";
    }
}
