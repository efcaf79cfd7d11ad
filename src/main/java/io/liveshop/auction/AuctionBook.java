package io.liveshop.auction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One auction's live state and its bidding rules, in memory. Every decision is made under this object's lock, so
 * accepted bids are totally ordered and strictly increasing; an accepted decision is queued for the durable write
 * in the same critical section, so writes happen in decision order (one batch in flight per auction).
 */
final class AuctionBook {

    /** One accepted bid row. {@code requestId}/{@code outcome} are set on a submission's own row, null on auto rows. */
    record Row(int seq, String bidderId, String bidderName, long amount, boolean auto, Long max, String requestId,
            String fingerprint, BidOutcome outcome, Long answerPrice, Instant placedAt) {
    }

    /** The state the auction row must hold after a write. */
    record State(Long price, String leaderId, String leaderName, Long leaderMax, int bidCount, Instant endsAt) {
    }

    /** What one bid did. {@code accepted} decisions carry the rows and state to write; the rest answer at once. */
    record Decision(BidOutcome outcome, List<Row> rows, State after, long minNext) {

        boolean accepted() {
            return outcome == BidOutcome.LEADING || outcome == BidOutcome.OUTBID;
        }
    }

    /** A queued accepted decision and what to call once it is durable (or failed). */
    record Queued(Decision decision, Object ticket) {
    }

    final long id;
    final long streamId;
    final long productId;
    final long sellerId;
    final String hostId;
    final String title;
    final String currency;
    final AuctionMode mode;
    final int extensionSeconds;
    final long startingPrice;
    final Long reserve;
    final Instant startedAt;
    /** The host and co-hosts: they may not bid. Only grows: a co-host named during the auction joins it. */
    private Set<String> excluded;

    private AuctionStatus status;
    /** No bid is admitted any more: the end passed (settlement under way) or a cancel is being written. */
    private boolean closing;
    /** A write failed: bids are refused until the state is reloaded from the database. */
    private boolean broken;
    private Long price;
    private String leaderId;
    private String leaderName;
    private Long leaderMax;
    private int bidCount;
    private Instant endsAt;
    private Instant closedAt;
    private String winnerId;
    private Long orderId;

    private List<Queued> queue = new ArrayList<>();
    /** The newest durable state not yet published, and when the last price event went out. */
    private State unpublished;
    private long lastPublishedMillis;
    private boolean publishArmed;
    private boolean writing;
    private boolean settleWhenIdle;

    AuctionBook(long id, long streamId, long productId, long sellerId, String hostId, String title, String currency,
            AuctionMode mode, int extensionSeconds, long startingPrice, Long reserve, Instant startedAt,
            Set<String> excluded, AuctionStatus status, State state) {
        this.id = id;
        this.streamId = streamId;
        this.productId = productId;
        this.sellerId = sellerId;
        this.hostId = hostId;
        this.title = title;
        this.currency = currency;
        this.mode = mode;
        this.extensionSeconds = extensionSeconds;
        this.startingPrice = startingPrice;
        this.reserve = reserve;
        this.startedAt = startedAt;
        this.excluded = Set.copyOf(excluded);
        this.status = status;
        restore(state);
    }

    /**
     * Decides one bid at {@code now}. An accepted one is applied to the state and queued with {@code ticket}; the
     * caller then starts {@link #nextBatch()}. Null while a failed write is being reloaded.
     */
    synchronized Decision decide(String bidderId, String bidderName, Long amount, Long max, String requestId,
            String fingerprint, Instant now, Object ticket) {
        long minNext = Increments.minNext(price, startingPrice);
        if (excluded.contains(bidderId)) {
            return refused(BidOutcome.NOT_ALLOWED, minNext);
        }
        if (status != AuctionStatus.RUNNING || closing || !now.isBefore(endsAt)) {
            return refused(BidOutcome.ENDED, minNext);
        }
        if (broken) {
            return null;
        }
        Decision d = rules(bidderId, bidderName, amount, max, requestId, fingerprint, now, minNext);
        if (d.accepted()) {
            State s = d.after();
            price = s.price();
            leaderId = s.leaderId();
            leaderName = s.leaderName();
            leaderMax = s.leaderMax();
            bidCount = s.bidCount();
            endsAt = s.endsAt();
            queue.add(new Queued(d, ticket));
        }
        return d;
    }

    /** Co-hosts named while the auction runs may not bid from now on (those removed meanwhile stay excluded). */
    synchronized void exclude(Collection<String> userIds) {
        if (!excluded.containsAll(userIds)) {
            Set<String> more = new HashSet<>(excluded);
            more.addAll(userIds);
            excluded = Set.copyOf(more);
        }
    }

    private Decision rules(String bidder, String name, Long amount, Long max, String requestId, String fingerprint,
            Instant now, long minNext) {
        long offered = amount != null ? amount : max;
        List<Row> rows = new ArrayList<>(2);
        int seq = bidCount;
        if (bidder.equals(leaderId)) {
            if (amount == null) {
                // the leader raises its hidden max: no visible bid, nothing extends
                if (max <= leaderMax) {
                    return new Decision(BidOutcome.LEADING, rows, state(), minNext);
                }
                return new Decision(BidOutcome.LEADING, rows,
                        new State(price, leaderId, leaderName, max, bidCount, endsAt), minNext);
            }
            if (amount < minNext) {
                return refused(BidOutcome.TOO_LOW, minNext);
            }
            rows.add(new Row(++seq, bidder, name, amount, false, null, requestId, fingerprint, BidOutcome.LEADING,
                    amount, now));
            return accepted(BidOutcome.LEADING, rows, amount, bidder, name, Math.max(leaderMax, amount), now);
        }
        if (offered < minNext) {
            return refused(BidOutcome.TOO_LOW, minNext);
        }
        if (leaderId == null) {
            long at = amount != null ? amount : minNext;
            rows.add(new Row(++seq, bidder, name, at, false, max, requestId, fingerprint, BidOutcome.LEADING, at, now));
            return accepted(BidOutcome.LEADING, rows, at, bidder, name, offered, now);
        }
        if (leaderMax >= offered) {
            // the standing max (earlier) beats or ties: the bid is recorded, the proxy answers one increment above
            long answer = leaderMax > offered ? Math.min(leaderMax, offered + Increments.of(offered)) : offered;
            rows.add(new Row(++seq, bidder, name, offered, false, max, requestId, fingerprint, BidOutcome.OUTBID,
                    answer, now));
            if (answer > offered) {
                rows.add(new Row(++seq, leaderId, leaderName, answer, true, null, null, null, null, null, now));
            }
            return accepted(BidOutcome.OUTBID, rows, answer, leaderId, leaderName, leaderMax, now);
        }
        if (leaderMax > price) {
            // the old leader's proxy goes up to its max before it is beaten
            rows.add(new Row(++seq, leaderId, leaderName, leaderMax, true, null, null, null, null, null, now));
        }
        long at = amount != null ? amount : Math.min(max, leaderMax + Increments.of(leaderMax));
        rows.add(new Row(++seq, bidder, name, at, false, max, requestId, fingerprint, BidOutcome.LEADING, at, now));
        return accepted(BidOutcome.LEADING, rows, at, bidder, name, offered, now);
    }

    private Decision accepted(BidOutcome outcome, List<Row> rows, long newPrice, String leader, String name,
            long newMax, Instant now) {
        Instant end = endsAt;
        if (mode == AuctionMode.STANDARD && !rows.isEmpty()
                && Duration.between(now, endsAt).compareTo(Duration.ofSeconds(extensionSeconds)) < 0) {
            end = now.plusSeconds(extensionSeconds);
        }
        State after = new State(newPrice, leader, name, newMax, bidCount + rows.size(), end);
        return new Decision(outcome, rows, after, Increments.minNext(newPrice, startingPrice));
    }

    private Decision refused(BidOutcome outcome, long minNext) {
        return new Decision(outcome, List.of(), state(), minNext);
    }

    // ---------- the write queue ----------

    /** The next batch to write, or null when one is in flight already or nothing is queued. */
    synchronized List<Queued> nextBatch() {
        if (writing || queue.isEmpty()) {
            return null;
        }
        writing = true;
        List<Queued> batch = queue;
        queue = new ArrayList<>();
        return batch;
    }

    /** After a batch committed: true when the auction is due to settle now (closing and nothing left to write). */
    synchronized boolean written() {
        writing = false;
        return closing && settleWhenIdle && queue.isEmpty();
    }

    /** After a batch failed: everything queued behind it fails too, bids wait for the reload. */
    synchronized List<Queued> failed() {
        writing = false;
        broken = true;
        List<Queued> rest = queue;
        queue = new ArrayList<>();
        return rest;
    }

    /** Back to the durable state after a failed write. */
    synchronized boolean reloaded(State durable) {
        restore(durable);
        broken = false;
        return closing && settleWhenIdle && queue.isEmpty() && !writing;
    }

    // ---------- price events, at most one per interval ----------

    /**
     * A newly durable state. Returns the delay (ms) after which {@link #takeUnpublished} should publish, 0 for now,
     * or -1 when a publish is already scheduled (it will carry this state).
     */
    synchronized long offerPrice(State durable, long nowMillis, long intervalMillis) {
        unpublished = durable;
        if (publishArmed) {
            return -1;
        }
        publishArmed = true;
        return Math.max(0, lastPublishedMillis + intervalMillis - nowMillis);
    }

    /** The state to publish now (null if already published), marking the publish done. */
    synchronized State takeUnpublished(long nowMillis) {
        State s = unpublished;
        unpublished = null;
        publishArmed = false;
        if (s != null) {
            lastPublishedMillis = nowMillis;
        }
        return s;
    }

    // ---------- closing ----------

    /**
     * The clock's call at (or after) the end instant: true when settlement may run now; false when the end moved
     * (see {@link #endsAt()}) or writes must drain first (then {@link #written()} says when).
     */
    synchronized boolean closeIfDue(Instant now) {
        if (status != AuctionStatus.RUNNING || now.isBefore(endsAt)) {
            return false;
        }
        closing = true;
        settleWhenIdle = true;
        return !writing && queue.isEmpty() && !broken;
    }

    /** Starts a cancel: only before the first bid. */
    synchronized boolean beginCancel() {
        if (status != AuctionStatus.RUNNING || closing || bidCount > 0 || writing || !queue.isEmpty()) {
            return false;
        }
        closing = true;
        return true;
    }

    synchronized void cancelFailed() {
        closing = false;
    }

    synchronized void ended(AuctionStatus finalStatus, String winner, Long order, Instant at) {
        status = finalStatus;
        closing = true;
        winnerId = winner;
        orderId = order;
        closedAt = at;
    }

    private void restore(State s) {
        price = s.price();
        leaderId = s.leaderId();
        leaderName = s.leaderName();
        leaderMax = s.leaderMax();
        bidCount = s.bidCount();
        endsAt = s.endsAt();
    }

    synchronized State state() {
        return new State(price, leaderId, leaderName, leaderMax, bidCount, endsAt);
    }

    synchronized Instant endsAt() {
        return endsAt;
    }

    synchronized AuctionStatus status() {
        return status;
    }

    synchronized boolean running() {
        return status == AuctionStatus.RUNNING;
    }

    synchronized AuctionView view() {
        return view(state(), status, closedAt, winnerId, orderId);
    }

    /** The view of a running auction in the given (durable) state. */
    AuctionView view(State s) {
        return view(s, AuctionStatus.RUNNING, null, null, null);
    }

    private AuctionView view(State s, AuctionStatus st, Instant closed, String winner, Long order) {
        Long p = s.price();
        boolean reserveMet = p != null && (reserve == null || p >= reserve);
        return new AuctionView(id, streamId, productId, title, currency, st, mode, extensionSeconds, startingPrice,
                p, s.leaderId(), s.leaderName(), s.bidCount(), reserve != null, reserveMet, startedAt, s.endsAt(), closed,
                winner, order, Increments.minNext(p, startingPrice),
                st == AuctionStatus.RUNNING ? Increments.quickBids(p, startingPrice) : List.of());
    }
}
