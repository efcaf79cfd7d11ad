package io.liveshop.voucher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** The host dropped a live-only voucher: every viewer may claim it now. */
public record VoucherDropped(long streamId, long voucherId, long sellerId, String code, VoucherKind kind,
        Long amountMinor, Integer percent, long minSpendMinor, int quantity, int available, int perBuyerLimit,
        Instant endsAt, @JsonIgnore VoucherView claimable) implements VoucherEvent {

    static VoucherDropped of(VoucherSlot s, VoucherView view) {
        return new VoucherDropped(s.streamId(), s.voucherId(), s.sellerId(), s.code(), s.kind(), s.amountMinor(),
                s.percent(), s.minSpendMinor(), s.quantity(), s.available(), s.perBuyerLimit(), s.endsAt(), view);
    }

    @Override
    public String type() {
        return "voucher.dropped";
    }
}
