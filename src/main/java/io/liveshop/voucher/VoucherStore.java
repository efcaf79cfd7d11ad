package io.liveshop.voucher;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Voucher SQL on the reactive pg client: the durable claim, loads for admission, counts for the invariant. */
@ApplicationScoped
public class VoucherStore {

    enum Written { INSERTED, GONE, NOT_LIVE, KEY_EXISTS }

    record Write(Written outcome, Long claimId) {
    }

    record Counts(int quantity, int claimedColumn, int claims, int used, int maxPerBuyer) {
    }

    record ExistingClaim(long claimId, long voucherId) {
    }

    /** Rolls back a claim row whose voucher had no unit left (or whose stream is not live). */
    private static final class NotTaken extends RuntimeException {
        final Written why;

        NotTaken(Written why) {
            super(why.name(), null, false, false);
            this.why = why;
        }
    }

    private final Pool pool;

    VoucherStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * One claim, committed before it is answered: the claim row (the request id is its idempotency key), then
     * the voucher's counter, taken only while a unit is left and, for a live-only voucher, while its stream is LIVE.
     */
    Uni<Write> writeClaim(long voucherId, String buyerId, String requestId) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                insert into voucher_claim (voucher_id, buyer_id, request_id, status) values ($1, $2, $3, 'CLAIMED')
                on conflict (buyer_id, request_id) do nothing returning id""")
                .execute(Tuple.of(voucherId, buyerId, requestId))
                .flatMap(inserted -> {
                    if (inserted.size() == 0) {
                        return Uni.createFrom().item(new Write(Written.KEY_EXISTS, null));
                    }
                    long claimId = inserted.iterator().next().getLong(0);
                    return tx.preparedQuery("""
                            update voucher v set claimed = claimed + 1 where v.id = $1 and v.claimed < v.quantity
                              and (v.stream_id is null or exists (select 1 from live_stream s
                                                                   where s.id = v.stream_id and s.status = 'LIVE'))
                            returning v.id""").execute(Tuple.of(voucherId))
                            .flatMap(taken -> taken.size() == 1 ? Uni.createFrom().item(new Write(Written.INSERTED, claimId))
                                    : whyNot(tx, voucherId).map(why -> {
                                        throw new NotTaken(why);
                                    }));
                }))
                .onFailure(NotTaken.class).recoverWithItem(f -> new Write(((NotTaken) f).why, null));
    }

    private static Uni<Written> whyNot(SqlConnection tx, long voucherId) {
        return tx.preparedQuery("select v.claimed < v.quantity from voucher v where v.id = $1")
                .execute(Tuple.of(voucherId))
                .map(rows -> rows.iterator().next().getBoolean(0) ? Written.NOT_LIVE : Written.GONE);
    }

    Uni<ExistingClaim> existing(String buyerId, String requestId) {
        return pool.preparedQuery("select id, voucher_id from voucher_claim where buyer_id = $1 and request_id = $2")
                .execute(Tuple.of(buyerId, requestId)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new ExistingClaim(r.getLong(0), r.getLong(1));
                });
    }

    Uni<Map<String, Integer>> buyerCounts(long voucherId) {
        return pool.preparedQuery("select buyer_id, count(*) from voucher_claim where voucher_id = $1 group by buyer_id")
                .execute(Tuple.of(voucherId)).map(rows -> {
                    Map<String, Integer> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getLong(1).intValue()));
                    return out;
                });
    }

    Uni<Counts> counts(long voucherId) {
        return pool.preparedQuery("""
                select v.quantity, v.claimed,
                       (select count(*) from voucher_claim c where c.voucher_id = v.id),
                       (select count(*) from voucher_claim c where c.voucher_id = v.id and c.status = 'USED'),
                       (select coalesce(max(n), 0) from (select count(*) n from voucher_claim c
                            where c.voucher_id = v.id group by c.buyer_id) b)
                from voucher v where v.id = $1""").execute(Tuple.of(voucherId)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Counts(r.getInteger(0), r.getInteger(1), r.getLong(2).intValue(), r.getLong(3).intValue(),
                            r.getLong(4).intValue());
                });
    }

    /** Marks the drop; false if it was dropped before. */
    Uni<Boolean> markDropped(long voucherId) {
        return pool.preparedQuery("update voucher set dropped_at = now() where id = $1 and dropped_at is null")
                .execute(Tuple.of(voucherId)).map(r -> r.rowCount() == 1);
    }

    /** Dropped vouchers of the stream that have not ended: the snapshot section's candidates. */
    Uni<List<Long>> droppedOn(long streamId, Instant now) {
        return pool.preparedQuery("""
                select id from voucher where stream_id = $1 and dropped_at is not null and ends_at > $2 order by id""")
                .execute(Tuple.of(streamId, OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }
}
