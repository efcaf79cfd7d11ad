package io.liveshop.voucher;

import io.liveshop.platform.events.SnapshotSection.SectionUpdate;
import io.liveshop.platform.events.StreamEvent;

/** A voucher event that also says what it changes in the stream's {@code data.vouchers} snapshot section. */
interface VoucherEvent extends StreamEvent {

    long voucherId();

    /** The voucher after the event while it is claimable, else null (it leaves the section). Not on the wire. */
    VoucherView claimable();

    @Override
    default SectionUpdate section() {
        return new SectionUpdate(VouchersSection.NAME, VouchersSection.key(voucherId()), claimable());
    }
}
