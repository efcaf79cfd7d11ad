package io.liveshop.flashsale;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * Atomic, in-memory admission: per-sale slots and per-buyer counts in Infinispan caches, each changed with one
 * {@code compute} so concurrent buyers never take the same unit. No database access here. Answers kept for retries
 * and the per-user rate windows are plain concurrent maps swept by {@link #sweep}: every attempt touches them, and
 * in the rush profile the Infinispan entries with a lifespan cost more than the rest of admission.
 */
@ApplicationScoped
public class SaleAdmission {

    enum Result { ADMITTED, SOLD_OUT, LIMIT_REACHED, NOT_OPEN, ENDED, UNKNOWN_SALE }

    /** A pending or final answer for one (buyer, request id); the future completes once. */
    record AnswerEntry(long saleId, CompletableFuture<BuyAnswer> answer, long keepUntilMillis) {
    }

    record RateWindow(long startMillis, int count) {
    }

    private final Cache<Long, SaleSlot> slots;
    private final Cache<String, Integer> buyers;
    private final Map<String, AnswerEntry> answers = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> rate = new ConcurrentHashMap<>();
    private final long answerRetentionMillis;
    private final long rateWindowMillis;
    private final long endedRetentionMillis;
    /** When each ended sale was first seen settled by a sweep. */
    private final Map<Long, Long> settledSince = new ConcurrentHashMap<>();
    private final int rateLimit;

    SaleAdmission(EmbeddedCacheManager caches, FlashSaleConfig config) {
        this.slots = caches.getCache(AdmissionCaches.SLOTS);
        this.buyers = caches.getCache(AdmissionCaches.BUYERS);
        // read once: a config look-up per buy showed up in the rush profile
        this.answerRetentionMillis = config.answerRetention().toMillis();
        this.rateWindowMillis = config.buyRate().window().toMillis();
        this.endedRetentionMillis = config.endedRetention().toMillis();
        this.rateLimit = config.buyRate().limit();
    }

    Result admit(long saleId, String buyerId, Instant now) {
        SaleSlot slot = slots.get(saleId);
        if (slot == null) {
            return Result.UNKNOWN_SALE;
        }
        Result quick = closedOrEmpty(slot, now);
        if (quick != null) {
            return quick;
        }
        String buyerKey = buyerKey(saleId, buyerId);
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
        slots.computeIfPresent(saleId, (k, s) -> {
            Result closed = closedOrEmpty(s, now);
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

    private static Result closedOrEmpty(SaleSlot s, Instant now) {
        return switch (s.status(now)) {
            case ENDED -> Result.ENDED;
            case ANNOUNCED -> Result.NOT_OPEN;
            case OPEN -> s.available() <= 0 ? Result.SOLD_OUT : null;
        };
    }

    /** The admitted unit's order is durable. */
    void written(long saleId) {
        slots.computeIfPresent(saleId, (k, s) -> s.written());
    }

    /** The admitted unit's order was not written: the unit and the buyer's count go back. */
    void notWritten(long saleId, String buyerId) {
        slots.computeIfPresent(saleId, (k, s) -> s.notWritten());
        buyers.computeIfPresent(buyerKey(saleId, buyerId), (k, c) -> c <= 1 ? null : c - 1);
    }

    void buyerReleased(long saleId, String buyerId) {
        buyers.computeIfPresent(buyerKey(saleId, buyerId), (k, c) -> c <= 1 ? null : c - 1);
    }

    /** Applies a change to an unsettled slot; false if the slot is settled (the caller reloads it instead). */
    boolean applyIfRunning(long saleId, UnaryOperator<SaleSlot> change) {
        boolean[] applied = { false };
        slots.computeIfPresent(saleId, (k, s) -> {
            if (s.settled()) {
                return s;
            }
            applied[0] = true;
            return change.apply(s);
        });
        return applied[0];
    }

    void update(long saleId, UnaryOperator<SaleSlot> change) {
        slots.computeIfPresent(saleId, (k, s) -> change.apply(s));
    }

    SaleSlot slot(long saleId) {
        return slots.get(saleId);
    }

    List<SaleSlot> slots() {
        return List.copyOf(slots.values());
    }

    void put(SaleSlot slot) {
        slots.put(slot.saleId(), slot);
    }

    /** False if the sale is already known (a concurrent load won; its counters may already have moved). */
    boolean putIfAbsent(SaleSlot slot) {
        return slots.putIfAbsent(slot.saleId(), slot) == null;
    }

    void putBuyerCount(long saleId, String buyerId, int count) {
        buyers.put(buyerKey(saleId, buyerId), count);
    }

    int buyerCount(long saleId, String buyerId) {
        Integer c = buyers.get(buyerKey(saleId, buyerId));
        return c == null ? 0 : c;
    }

    /** A new, pending answer for a request to {@code saleId}, kept for answer-retention. */
    AnswerEntry pendingAnswer(long saleId) {
        return new AnswerEntry(saleId, new CompletableFuture<>(), System.currentTimeMillis() + answerRetentionMillis);
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

    /** A WON answer already given (or recovered from the database) for this request, or null. */
    BuyAnswer rememberedWon(String buyerId, String requestId) {
        AnswerEntry entry = answers.get(answerKey(buyerId, requestId));
        if (entry == null || !entry.answer().isDone() || entry.answer().isCompletedExceptionally()) {
            return null;
        }
        BuyAnswer answer = entry.answer().join();
        return answer.outcome() == BuyOutcome.WON ? answer : null;
    }

    void forgetAnswer(String buyerId, String requestId, AnswerEntry mine) {
        answers.remove(answerKey(buyerId, requestId), mine);
    }

    void rememberAnswer(String buyerId, String requestId, BuyAnswer answer) {
        answers.put(answerKey(buyerId, requestId), new AnswerEntry(answer.saleId(),
                CompletableFuture.completedFuture(answer), System.currentTimeMillis() + answerRetentionMillis));
    }

    /** Counts one buy attempt in the user's fixed window; false when over the limit. */
    boolean tryAttempt(String buyerId, long nowMillis) {
        long window = rateWindowMillis;
        RateWindow w = rate.compute(buyerId, (k, old) -> old == null || nowMillis - old.startMillis() >= window
                ? new RateWindow(nowMillis, 1) : new RateWindow(old.startMillis(), old.count() + 1));
        return w.count() <= rateLimit;
    }

    /**
     * Drops answers past their retention, rate windows that ended, and sales ended for longer than the ended
     * retention (their slot, buyer counts and answers: the database has every order). Returns the released sales.
     */
    List<Long> sweep(long nowMillis) {
        answers.values().removeIf(a -> a.keepUntilMillis() <= nowMillis && a.answer().isDone());
        rate.values().removeIf(w -> nowMillis - w.startMillis() >= rateWindowMillis);
        Set<Long> released = new HashSet<>();
        for (SaleSlot slot : slots.values()) {
            if (slot.settled() && slot.inFlight() == 0
                    && nowMillis - settledSince.computeIfAbsent(slot.saleId(), k -> nowMillis) >= endedRetentionMillis) {
                released.add(slot.saleId());
            }
        }
        if (released.isEmpty()) {
            return List.of();
        }
        // a settled sale admits nobody (its status is ENDED before any buyer count is read), so nothing races this;
        // the slot goes last, so a sale without a slot has nothing else left in memory either
        for (String key : List.copyOf(buyers.keySet())) {
            if (released.contains(Long.parseLong(key.substring(0, key.indexOf(':'))))) {
                buyers.remove(key);
            }
        }
        answers.values().removeIf(a -> released.contains(a.saleId()) && a.answer().isDone());
        settledSince.keySet().removeAll(released);
        released.forEach(slots::remove);
        return List.copyOf(released);
    }

    /** Forgets everything (a crash, as far as admission is concerned); {@link SaleRecovery} rebuilds it. */
    void clear() {
        slots.clear();
        buyers.clear();
        answers.clear();
        rate.clear();
        settledSince.clear();
    }

    private static String buyerKey(long saleId, String buyerId) {
        return saleId + ":" + buyerId;
    }

    private static String answerKey(String buyerId, String requestId) {
        return buyerId + "\u0000" + requestId;
    }
}
