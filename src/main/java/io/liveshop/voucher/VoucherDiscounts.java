package io.liveshop.voucher;

import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the checkout needs of vouchers: the buyer's unused claims, their discount, and using one exactly once. */
@ApplicationScoped
public class VoucherDiscounts {

    /** A voucher the buyer holds an unused claim of. */
    public record Claimed(long voucherId, long sellerId, VoucherKind kind, Long amountMinor, Integer percent,
            long minSpendMinor, Instant endsAt) {

        /**
         * The discount on a seller subtotal: FIXED takes its amount, PERCENT floor(subtotal × percent / 100); never
         * more than the subtotal (so a total never goes below its shipping fee, never below zero).
         */
        public long discountOn(long subtotalMinor) {
            long off = kind == VoucherKind.FIXED ? amountMinor : Math.multiplyExact(subtotalMinor, percent) / 100;
            return Math.min(off, subtotalMinor);
        }
    }

    private final Pool pool;

    VoucherDiscounts(Pool pool) {
        this.pool = pool;
    }

    /** The vouchers among {@code voucherIds} the buyer has an unused claim of. */
    public Uni<List<Claimed>> claimedBy(String buyerId, List<Long> voucherIds) {
        return pool.preparedQuery("""
                select v.id, v.seller_id, v.kind, v.amount_minor, v.percent, v.min_spend_minor, v.ends_at
                from voucher v where v.id = any($2) and exists (select 1 from voucher_claim c
                    where c.voucher_id = v.id and c.buyer_id = $1 and c.status = 'CLAIMED')""")
                .execute(Tuple.of(buyerId, voucherIds.toArray(Long[]::new))).map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Claimed(r.getLong(0), r.getLong(1), VoucherKind.valueOf(r.getString(2)),
                                r.getLong(3), r.getInteger(4), r.getLong(5), r.getOffsetDateTime(6).toInstant()));
                    }
                    return out;
                });
    }

    /**
     * Uses one of the buyer's unused claims of the voucher for the order, inside the checkout's transaction; a
     * claim already used by a concurrent checkout fails the whole checkout.
     */
    public Uni<Void> use(SqlConnection tx, String buyerId, long voucherId, long orderId) {
        return tx.preparedQuery("""
                update voucher_claim set status = 'USED', order_id = $3, used_at = now()
                where id = (select id from voucher_claim where voucher_id = $1 and buyer_id = $2 and status = 'CLAIMED'
                            order by id limit 1 for update skip locked)
                  and status = 'CLAIMED'""")
                .execute(Tuple.of(voucherId, buyerId, orderId)).map(r -> {
                    if (r.rowCount() != 1) {
                        throw ProblemException.conflict("voucher-unavailable", "Voucher " + voucherId
                                + " is already used; nothing was taken or charged");
                    }
                    return null;
                });
    }
}
