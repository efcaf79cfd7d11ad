package io.liveshop.auction;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers kept for retries per (bidder, request id), and the per-user bid rate windows. Plain concurrent maps,
 * swept by {@link AuctionClock}; accepted answers are also durable (the bid row) and reloaded after a restart.
 */
@ApplicationScoped
class AuctionAnswers {

    record Entry(long auctionId, String fingerprint, CompletableFuture<BidAnswer> answer, long keepUntilMillis) {
    }

    private record Window(long startMillis, int count) {
    }

    private final ConcurrentHashMap<String, Entry> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final long retentionMillis;
    private final int rateLimit;
    private final long rateWindowMillis;

    AuctionAnswers(AuctionsConfig config) {
        this.retentionMillis = config.answerRetention().toMillis();
        this.rateLimit = config.bidRate().limit();
        this.rateWindowMillis = config.bidRate().window().toMillis();
    }

    Entry pending(long auctionId, String fingerprint) {
        return new Entry(auctionId, fingerprint, new CompletableFuture<>(), System.currentTimeMillis() + retentionMillis);
    }

    /** Registers this request's answer slot; returns the earlier entry for the same (bidder, request id), if any. */
    Entry claim(String bidderId, String requestId, Entry mine) {
        long now = System.currentTimeMillis();
        Entry[] earlier = { null };
        answers.compute(key(bidderId, requestId), (k, old) -> {
            if (old != null && old.keepUntilMillis() > now) {
                earlier[0] = old;
                return old;
            }
            return mine;
        });
        return earlier[0];
    }

    void forget(String bidderId, String requestId, Entry mine) {
        answers.remove(key(bidderId, requestId), mine);
    }

    /** An accepted answer read back from the database after a restart. */
    void remember(String bidderId, String requestId, String fingerprint, BidAnswer answer) {
        answers.putIfAbsent(key(bidderId, requestId), new Entry(answer.auctionId(), fingerprint,
                CompletableFuture.completedFuture(answer), System.currentTimeMillis() + retentionMillis));
    }

    /** Counts one bid in the user's fixed window; false when over the limit. */
    boolean tryAttempt(String userId, long nowMillis) {
        Window w = windows.compute(userId, (k, old) -> old == null || nowMillis - old.startMillis() >= rateWindowMillis
                ? new Window(nowMillis, 1) : new Window(old.startMillis(), old.count() + 1));
        return w.count() <= rateLimit;
    }

    void sweep(long nowMillis) {
        answers.values().removeIf(a -> a.keepUntilMillis() <= nowMillis && a.answer().isDone());
        windows.values().removeIf(w -> nowMillis - w.startMillis() >= rateWindowMillis);
    }

    void clear() {
        answers.clear();
        windows.clear();
    }

    private static String key(String bidderId, String requestId) {
        return bidderId + "\u0000" + requestId;
    }
}
