package io.liveshop.voucher;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A dropped voucher can no longer be claimed: {@code reason} GONE (all claimed), ENDED or NOT_LIVE. */
public record VoucherClosed(long streamId, long voucherId, ClaimOutcome reason) implements VoucherEvent {

    @Override
    public String type() {
        return "voucher.closed";
    }

    @Override
    @JsonIgnore
    public VoucherView claimable() {
        return null;
    }
}
