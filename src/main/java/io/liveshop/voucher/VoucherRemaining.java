package io.liveshop.voucher;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Vouchers still claimable; coalesced per voucher (a newer value replaces an undelivered older one). */
public record VoucherRemaining(long streamId, long voucherId, int available, int quantity,
        @JsonIgnore VoucherView claimable) implements VoucherEvent {

    @Override
    public String type() {
        return "voucher.remaining";
    }

    @Override
    public String coalesceKey() {
        return "voucher-remaining:" + voucherId;
    }
}
