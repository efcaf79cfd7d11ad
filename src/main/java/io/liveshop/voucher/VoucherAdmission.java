package io.liveshop.voucher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.infinispan.Cache;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Atomic, in-memory claim admission, as the flash sale's: per-voucher slots and per-buyer counts in local
 * Infinispan caches (on the one admission cache manager), each changed with one {@code compute}, so a rush never
 * admits more claims than units and losers are answered without a database round trip. Answers kept for retries
 * and the per-user rate windows are plain concurrent maps swept by {@link #sweep}.
 */
@ApplicationScoped
public class VoucherAdmission {

    static final String SLOTS = "voucher-slots";
    static final String BUYERS = "voucher-buyers";

    enum Result { ADMITTED, GONE, LIMIT_REACHED, NOT_OPEN, ENDED, NOT_LIVE, UNKNOWN }

    record AnswerEntry(long voucherId, CompletableFuture<ClaimAnswer> answer, long keepUntilMillis) {
    }

    private record RateWindow(long startMillis, int count) {
    }

    private final Cache<Long, VoucherSlot> slots;
    private final Cache<String, Integer> buyers;
    private final Map<String, AnswerEntry> answers = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> rate = new ConcurrentHashMap<>();
    private final long answerRetentionMillis;
    private final long rateWindowMillis;
    private final int rateLimit;

    VoucherAdmission(EmbeddedCacheManager caches, VouchersConfig config) {
        ConfigurationBuilder local = new ConfigurationBuilder();
        local.clustering().cacheMode(CacheMode.LOCAL).encoding().mediaType(MediaType.APPLICATION_OBJECT_TYPE)
                .statistics().disable();
        for (String name : new String[] { SLOTS, BUYERS }) {
            if (caches.getCacheConfiguration(name) == null) {
                caches.defineConfiguration(name, local.build());
            }
        }
        this.slots = caches.getCache(SLOTS);
        this.buyers = caches.getCache(BUYERS);
        this.answerRetentionMillis = config.answerRetention().toMillis();
        this.rateWindowMillis = config.claimRate().window().toMillis();
        this.rateLimit = config.claimRate().limit();
    }

    Result admit(long voucherId, String buyerId, Instant now) {
        VoucherSlot slot = slots.get(voucherId);
        if (slot == null) {
            return Result.UNKNOWN;
        }
        Result quick = result(slot.closed(now));
        if (quick != null) {
            return quick;
        }
        String buyerKey = buyerKey(voucherId, buyerId);
        int limit = slot.perBuyerLimit();
        boolean[] underLimit = { false };
        buyers.compute(buyerKey, (k, count) -> {
            int c = count == null ? 0 : count;
            underLimit[0] = c < limit;
            return underLimit[0] ? c + 1 : count;
        });
        if (!underLimit[0]) {
            return Result.LIMIT_REACHED;
        }
        Result[] result = { Result.ADMITTED };
        slots.computeIfPresent(voucherId, (k, s) -> {
            Result closed = result(s.closed(now));
            if (closed != null) {
                result[0] = closed;
                return s;
            }
            return s.admitted();
        });
        if (result[0] != Result.ADMITTED) {
            buyers.computeIfPresent(buyerKey, (k, c) -> c <= 1 ? null : c - 1);
        }
        return result[0];
    }

    private static Result result(ClaimOutcome closed) {
        if (closed == null) {
            return null;
        }
        return switch (closed) {
            case GONE -> Result.GONE;
            case ENDED -> Result.ENDED;
            case NOT_OPEN -> Result.NOT_OPEN;
            case NOT_LIVE -> Result.NOT_LIVE;
            default -> throw new IllegalStateException(closed.name());
        };
    }

    void written(long voucherId) {
        slots.computeIfPresent(voucherId, (k, s) -> s.written());
    }

    void notWritten(long voucherId, String buyerId) {
        slots.computeIfPresent(voucherId, (k, s) -> s.notWritten());
        buyers.computeIfPresent(buyerKey(voucherId, buyerId), (k, c) -> c <= 1 ? null : c - 1);
    }

    void update(long voucherId, UnaryOperator<VoucherSlot> change) {
        slots.computeIfPresent(voucherId, (k, s) -> change.apply(s));
    }

    VoucherSlot slot(long voucherId) {
        return slots.get(voucherId);
    }

    List<VoucherSlot> slots() {
        return List.copyOf(slots.values());
    }

    /** Loads a voucher's state unless a concurrent load won; buyer counts first, so no claim passes a limit meanwhile. */
    void load(VoucherSlot slot, Map<String, Integer> buyerCounts) {
        buyerCounts.forEach((buyer, count) -> buyers.putIfAbsent(buyerKey(slot.voucherId(), buyer), count));
        slots.putIfAbsent(slot.voucherId(), slot);
    }

    AnswerEntry pendingAnswer(long voucherId) {
        return new AnswerEntry(voucherId, new CompletableFuture<>(), System.currentTimeMillis() + answerRetentionMillis);
    }

    /** Registers this request's answer slot; returns the earlier entry for the same (buyer, request id), if any. */
    AnswerEntry claimAnswer(String buyerId, String requestId, AnswerEntry mine) {
        long now = System.currentTimeMillis();
        AnswerEntry[] earlier = { null };
        answers.compute(answerKey(buyerId, requestId), (k, old) -> {
            if (old != null && old.keepUntilMillis() > now) {
                earlier[0] = old;
                return old;
            }
            return mine;
        });
        return earlier[0];
    }

    void forgetAnswer(String buyerId, String requestId, AnswerEntry mine) {
        answers.remove(answerKey(buyerId, requestId), mine);
    }

    boolean tryAttempt(String buyerId, long nowMillis) {
        long window = rateWindowMillis;
        RateWindow w = rate.compute(buyerId, (k, old) -> old == null || nowMillis - old.startMillis() >= window
                ? new RateWindow(nowMillis, 1) : new RateWindow(old.startMillis(), old.count() + 1));
        return w.count() <= rateLimit;
    }

    void sweep(long nowMillis) {
        answers.values().removeIf(a -> a.keepUntilMillis() <= nowMillis && a.answer().isDone());
        rate.values().removeIf(w -> nowMillis - w.startMillis() >= rateWindowMillis);
    }

    private static String buyerKey(long voucherId, String buyerId) {
        return voucherId + ":" + buyerId;
    }

    private static String answerKey(String buyerId, String requestId) {
        return buyerId + "\u0000" + requestId;
    }
}
