package io.liveshop.auction;

import io.liveshop.catalog.StockEvents;
import io.liveshop.identity.CurrentUser;
import io.liveshop.order.AuctionOrders;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.liveshop.platform.cluster.ForwardedUser;
import io.liveshop.platform.cluster.NodeCalls;
import io.liveshop.platform.cluster.Ownership;
import io.liveshop.platform.cluster.OwnershipClaims;
import io.liveshop.platform.cluster.Cluster;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Live auctions: start (one unit taken from stock), bid (decided in memory under the auction's lock, answered
 * LEADING/OUTBID only after the bid is committed), close at the end instant (one winner, an order in the same
 * transaction, or the unit back), cancel before the first bid, and the runner-up offer.
 */
@ApplicationScoped
public class AuctionService {

    private static final Logger LOG = Logger.getLogger(AuctionService.class);

    private final AuctionStore store;
    private final AuctionHostAccess access;
    private final AuctionAnswers answers;
    private final AuctionEvents events;
    private final AuctionOrders orders;
    private final AuctionsConfig config;
    private final StockEvents stock;
    private final Vertx vertx;
    private final Ownership owners;
    private final Map<Long, AuctionBook> books = new ConcurrentHashMap<>();

    AuctionService(AuctionStore store, AuctionHostAccess access, AuctionAnswers answers, AuctionEvents events,
            AuctionOrders orders, AuctionsConfig config, StockEvents stock, Vertx vertx, Cluster cluster, NodeCalls calls,
            OwnershipClaims claims) {
        this.owners = new Ownership(cluster, calls, claims, Cluster.AUCTION_OWNERS, "auction");
        this.stock = stock;
        this.store = store;
        this.access = access;
        this.answers = answers;
        this.events = events;
        this.orders = orders;
        this.config = config;
        this.vertx = vertx;
    }

    /** A ticket for one queued accepted bid: who to answer, on which context. */
    private record Ticket(String requestId, UniEmitter<? super BidAnswer> caller, Context context) {
    }

    // ---------- start, view, cancel ----------

    public Uni<AuctionView> start(CurrentUser host, AuctionRequest request) {
        int extension;
        if (request.mode() == AuctionMode.SUDDEN_DEATH) {
            if (request.extensionSeconds() != null) {
                throw ProblemException.invalidField("extensionSeconds", "applies to STANDARD auctions only");
            }
            extension = 0;
        } else {
            extension = request.extensionSeconds() == null ? 10 : request.extensionSeconds();
        }
        if (request.reservePriceMinor() != null && request.reservePriceMinor() < request.startingPriceMinor()) {
            throw ProblemException.invalidField("reservePriceMinor", "must be at least the starting price");
        }
        return access.requireHostOfLiveShowcase(request.streamId(), request.productId(), host)
                .flatMap(stream -> store.create(stream.hostId, request, extension, Instant.now()))
                .call(book -> owners.started(book.id)) // the starting node runs it
                .map(book -> {
                    books.put(book.id, book);
                    arm(book);
                    stockChanged(book.productId);
                    AuctionView view = book.view();
                    events.publish(new AuctionStarted(book.streamId, view));
                    return view;
                });
    }

    public Uni<AuctionView> get(long auctionId) {
        return owners.route(auctionId, () -> book(auctionId).map(AuctionBook::view), "view", () -> Map.of(),
                AuctionView.class);
    }

    public Uni<List<BidView>> bids(long auctionId) {
        if (owners.clustered()) {
            return get(auctionId).flatMap(view -> store.bids(auctionId)); // accepted bids are committed: any node reads them
        }
        return book(auctionId).flatMap(book -> store.bids(auctionId));
    }

    /** The running auction of a stream, for the snapshot; null when none. */
    Uni<AuctionView> runningOf(long streamId) {
        if (owners.clustered()) {
            return store.runningOf(streamId).flatMap(id -> id == null ? Uni.createFrom().nullItem()
                    : get(id).map(view -> view.status() == AuctionStatus.RUNNING ? view : null));
        }
        for (AuctionBook book : books.values()) {
            if (book.streamId == streamId && book.running()) {
                return Uni.createFrom().item(book.view());
            }
        }
        return store.runningOf(streamId).flatMap(id -> id == null ? Uni.createFrom().nullItem()
                : book(id).map(book -> book.running() ? book.view() : null));
    }

    public Uni<AuctionView> cancel(CurrentUser user, long auctionId) {
        return owners.route(auctionId, () -> cancelHere(user, auctionId), "cancel",
                () -> ForwardedUser.of(user), AuctionView.class);
    }

    private Uni<AuctionView> cancelHere(CurrentUser user, long auctionId) {
        return book(auctionId).flatMap(book -> access.requireController(book.streamId, user).flatMap(stream -> {
            if (!book.beginCancel()) {
                throw book.running()
                        ? ProblemException.conflict("auction-has-bids", "An auction with bids cannot be cancelled")
                        : ProblemException.conflict("auction-ended", "The auction is over");
            }
            return store.cancel(auctionId).onFailure().invoke(book::cancelFailed).map(cancelled -> {
                if (!cancelled) {
                    book.cancelFailed();
                    throw ProblemException.conflict("auction-has-bids", "An auction with bids cannot be cancelled");
                }
                Instant now = Instant.now();
                book.ended(AuctionStatus.CANCELLED, null, null, now);
                stockChanged(book.productId);
                events.publish(new AuctionClosed(book.streamId, auctionId, AuctionStatus.CANCELLED, false, null,
                        null, 0, now));
                return book.view();
            });
        }));
    }

    /** After the winner's order expired unpaid: the runner-up gets an order at its highest bid. */
    public Uni<RunnerUpOffer> offerRunnerUp(CurrentUser user, long auctionId) {
        return owners.route(auctionId, () -> offerRunnerUpHere(user, auctionId), "offer-runner-up",
                () -> ForwardedUser.of(user), RunnerUpOffer.class);
    }

    private Uni<RunnerUpOffer> offerRunnerUpHere(CurrentUser user, long auctionId) {
        return book(auctionId).flatMap(book -> access.requireController(book.streamId, user)
                .flatMap(stream -> store.offerRunnerUp(auctionId, "auction-" + auctionId + "-runner-up",
                        Fingerprint.of("auction-runner-up", auctionId), Instant.now().plus(config.paymentWindow())))
                .map(placed -> {
                    orders.published(placed);
                    stockChanged(book.productId);
                    return new RunnerUpOffer(auctionId, placed.event() == null ? null : placed.event().userId(),
                            placed.orderId(), placed.event() == null ? null : placed.event().totalMinor(),
                            placed.expiresAt());
                }));
    }

    private Uni<AuctionBook> book(long auctionId) {
        AuctionBook book = books.get(auctionId);
        if (book != null) {
            return Uni.createFrom().item(book);
        }
        return store.load(auctionId).map(loaded -> {
            if (loaded == null) {
                throw ProblemException.notFound("Auction " + auctionId);
            }
            AuctionBook earlier = books.putIfAbsent(auctionId, loaded);
            if (earlier != null) {
                return earlier;
            }
            if (loaded.running()) {
                arm(loaded);
            }
            return loaded;
        });
    }

    // ---------- bidding ----------

    /**
     * One bid. The same (bidder, requestId) always gets the first answer (marked {@code replayed}); a concurrent
     * duplicate waits for it. Refusals cost no database round trip; LEADING/OUTBID come after the commit.
     */
    public Uni<BidAnswer> bid(CurrentUser bidder, long auctionId, String requestId, BidRequest body) {
        if (requestId == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required to bid");
        }
        IdempotencyKey.validate(requestId);
        if (body == null || (body.amountMinor() == null) == (body.maxAmountMinor() == null)) {
            throw ProblemException.invalidField("amountMinor", "give exactly one of amountMinor and maxAmountMinor");
        }
        return owners.route(auctionId, () -> bidHere(bidder, auctionId, requestId, body), "bid",
                () -> new ForwardedBid(ForwardedUser.of(bidder), requestId, body), BidAnswer.class);
    }

    /** A bid forwarded to the auction's owner node. */
    public record ForwardedBid(ForwardedUser bidder, String requestId, BidRequest body) {
    }

    private Uni<BidAnswer> bidHere(CurrentUser bidder, long auctionId, String requestId, BidRequest body) {
        String fingerprint = Fingerprint.of("auction-bid", auctionId, body.amountMinor(), body.maxAmountMinor());
        AuctionAnswers.Entry mine = answers.pending(auctionId, fingerprint);
        AuctionAnswers.Entry earlier = answers.claim(bidder.id(), requestId, mine);
        if (earlier != null) {
            return replay(earlier, auctionId, fingerprint);
        }
        if (!answers.tryAttempt(bidder.id(), System.currentTimeMillis())) {
            // not remembered: a retry after the window is a fresh bid
            answers.forget(bidder.id(), requestId, mine);
            AuctionBook book = books.get(auctionId);
            BidAnswer limited = book == null
                    ? new BidAnswer(auctionId, requestId, BidOutcome.RATE_LIMITED, null, null, null, 0, false)
                    : answer(book, requestId, BidOutcome.RATE_LIMITED, book.state());
            mine.answer().complete(limited);
            return Uni.createFrom().item(limited);
        }
        return Uni.createFrom().deferred(() -> book(auctionId).flatMap(book -> place(book, bidder, requestId,
                        fingerprint, body)))
                .onItemOrFailure().invoke((answer, failure) -> {
                    if (failure != null) {
                        answers.forget(bidder.id(), requestId, mine);
                        mine.answer().completeExceptionally(failure);
                    } else {
                        mine.answer().complete(answer);
                    }
                });
    }

    private Uni<BidAnswer> place(AuctionBook book, CurrentUser bidder, String requestId, String fingerprint,
            BidRequest body) {
        return Uni.createFrom().emitter(emitter -> {
            Ticket ticket = new Ticket(requestId, emitter, Vertx.currentContext());
            AuctionBook.Decision d = book.decide(bidder.id(), bidder.name(), body.amountMinor(), body.maxAmountMinor(),
                    requestId, fingerprint, Instant.now(), ticket);
            if (d == null) {
                emitter.fail(notRecorded());
            } else if (!d.accepted()) {
                emitter.complete(answer(book, requestId, d.outcome(), d.after()));
            } else {
                drain(book);
            }
        });
    }

    /** Writes the next batch of accepted bids, if none is in flight; answers them after the commit. */
    private void drain(AuctionBook book) {
        List<AuctionBook.Queued> batch = book.nextBatch();
        if (batch == null) {
            return;
        }
        List<AuctionBook.Row> rows = new ArrayList<>();
        batch.forEach(q -> rows.addAll(q.decision().rows()));
        AuctionBook.State after = batch.get(batch.size() - 1).decision().after();
        store.write(book.id, rows, after).subscribe().with(ok -> {
            for (AuctionBook.Queued q : batch) {
                Ticket t = (Ticket) q.ticket();
                deliver(t, answer(book, t.requestId(), q.decision().outcome(), q.decision().after()), null);
            }
            if (!rows.isEmpty()) {
                publishPrice(book, after);
            }
            if (book.written()) {
                settle(book);
            } else {
                drain(book);
            }
        }, failure -> {
            LOG.warnf(failure, "Writing %d bids of auction %d failed", batch.size(), book.id);
            List<AuctionBook.Queued> rest = book.failed();
            batch.forEach(q -> deliver((Ticket) q.ticket(), null, notRecorded()));
            rest.forEach(q -> deliver((Ticket) q.ticket(), null, notRecorded()));
            reload(book);
        });
    }

    /** Price events go out at most once per {@code price-interval} per auction, always ending on the latest state. */
    private void publishPrice(AuctionBook book, AuctionBook.State after) {
        long delay = book.offerPrice(after, System.currentTimeMillis(), config.priceInterval().toMillis());
        if (delay == 0) {
            flushPrice(book);
        } else if (delay > 0) {
            vertx.setTimer(delay, id -> flushPrice(book));
        }
    }

    /** Under the book's lock, so a price event can never follow the close event. */
    private void flushPrice(AuctionBook book) {
        synchronized (book) {
            AuctionBook.State s = book.takeUnpublished(System.currentTimeMillis());
            if (s != null && book.running()) {
                events.publish(AuctionPrice.of(book.view(s)));
            }
        }
    }

    private void reload(AuctionBook book) {
        store.state(book.id).subscribe().with(state -> {
            if (book.reloaded(state)) {
                settle(book);
            }
        }, failure -> vertx.setTimer(1000, id -> reload(book)));
    }

    private static ProblemException notRecorded() {
        return new ProblemException(503, "Service Unavailable", "bid-write-failed",
                "Your bid could not be recorded; try again with the same Idempotency-Key", null);
    }

    private static BidAnswer answer(AuctionBook book, String requestId, BidOutcome outcome, AuctionBook.State s) {
        return new BidAnswer(book.id, requestId, outcome, s.price(), s.leaderId(), s.endsAt(),
                Increments.minNext(s.price(), book.startingPrice), false);
    }

    /** The answer goes back on the caller's context, so its pipeline never continues on the writer's. */
    private static void deliver(Ticket t, BidAnswer answer, Throwable failure) {
        Runnable complete = () -> {
            if (failure == null) {
                t.caller().complete(answer);
            } else {
                t.caller().fail(failure);
            }
        };
        if (t.context() == null || t.context() == Vertx.currentContext()) {
            complete.run();
        } else {
            t.context().runOnContext(v -> complete.run());
        }
    }

    /** The first answer to this request id, once it is there (a concurrent duplicate waits on the caller's context). */
    private static Uni<BidAnswer> replay(AuctionAnswers.Entry earlier, long auctionId, String fingerprint) {
        if (earlier.auctionId() != auctionId || !earlier.fingerprint().equals(fingerprint)) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        CompletableFuture<BidAnswer> first = earlier.answer();
        if (first.isDone() && !first.isCompletedExceptionally()) {
            return Uni.createFrom().item(first.join().asReplay());
        }
        Context caller = Vertx.currentContext();
        Uni<BidAnswer> waiting = Uni.createFrom().completionStage(first).map(BidAnswer::asReplay);
        return caller == null ? waiting : waiting.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    // ---------- closing ----------

    /** Arms the close timer for the book's current end; a timer that finds the end moved re-arms itself. */
    void arm(AuctionBook book) {
        long delay = Math.max(1, book.endsAt().toEpochMilli() - System.currentTimeMillis());
        vertx.setTimer(delay, id -> onEnd(book));
    }

    private void onEnd(AuctionBook book) {
        if (books.get(book.id) != book) {
            return; // replaced by a reload (recovery)
        }
        if (book.closeIfDue(Instant.now())) {
            settle(book);
        } else if (book.running() && Instant.now().isBefore(book.endsAt())) {
            arm(book);
        }
    }

    /** Closes from the durable state once every accepted bid is written; retried until it succeeds. */
    void settle(AuctionBook book) {
        AuctionOrders.NewAuctionOrder template = new AuctionOrders.NewAuctionOrder(null, "auction-" + book.id + "-win",
                Fingerprint.of("auction-win", book.id), 0, 0, null, 0, null,
                Instant.now().plus(config.paymentWindow()));
        store.settle(book.id, template).subscribe().with(settled -> {
            if (settled == null) {
                store.load(book.id).subscribe().with(fresh -> {
                    if (fresh != null) {
                        books.put(book.id, fresh);
                    }
                }, e -> LOG.warnf("Auction %d reload failed: %s", book.id, e.getMessage()));
                return;
            }
            orders.published(settled.order());
            if (!settled.sold()) {
                stockChanged(book.productId);
            }
            synchronized (book) {
                flushPrice(book); // the last price goes out before the close
                book.ended(AuctionStatus.CLOSED, settled.winnerId(), settled.orderId(), settled.at());
                AuctionBook.State s = book.state();
                events.publish(new AuctionClosed(book.streamId, book.id, AuctionStatus.CLOSED, settled.sold(),
                        s.price(), settled.sold() ? s.leaderName() : null, s.bidCount(), settled.at()));
            }
        }, failure -> {
            LOG.warnf(failure, "Closing auction %d failed; retrying", book.id);
            vertx.setTimer(1000, id -> settle(book));
        });
    }

    /** Product pages and viewers read the committed stock again (a unit was taken or given back). */
    private void stockChanged(long productId) {
        if (productId > 0) {
            OnVertxContext.call(vertx, () -> stock.publishCurrent(productId)).subscribe().with(v -> { },
                    e -> LOG.debugf("Stock event for %d not sent: %s", productId, e.getMessage()));
        }
    }

    // ---------- recovery ----------

    /**
     * Loads running auctions (and their accepted answers) from the database; closes those whose end passed. In a
     * cluster only those nobody living runs (a joining node takes over nothing).
     */
    Uni<Integer> recover() {
        return store.runningIds().flatMap(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (long id : ids) {
                chain = chain.flatMap(n -> owners.mine(id).flatMap(mine -> mine ? recoverOne(id).map(x -> n + 1)
                        : Uni.createFrom().item(n)));
            }
            return chain;
        });
    }

    /** One auction rebuilt from the database (at start-up, or taken over from a node that left). */
    Uni<Boolean> recoverOne(long id) {
        if (books.containsKey(id)) {
            return Uni.createFrom().item(false);
        }
        return store.load(id).flatMap(book -> book == null ? Uni.createFrom().item(false)
                : store.answered(id).map(rows -> {
                    rows.forEach(a -> answers.remember(a.bidderId(), a.requestId(), a.fingerprint(),
                            new BidAnswer(id, a.requestId(), a.outcome(), a.answerPrice(), null, book.endsAt(),
                                    Increments.minNext(a.answerPrice(), book.startingPrice), false)));
                    if (books.putIfAbsent(id, book) != null) {
                        return false;
                    }
                    if (book.closeIfDue(Instant.now())) {
                        settle(book);
                    } else if (book.running()) {
                        arm(book);
                    }
                    return true;
                }));
    }

    /** The stream's co-hosts may not bid on the auctions it runs here, from now on. */
    void exclude(long streamId, Collection<String> coHosts) {
        books.values().forEach(b -> {
            if (b.streamId == streamId && b.running()) {
                b.exclude(coHosts);
            }
        });
    }

    /** Whether this node runs an auction of the stream. */
    boolean runsAuctionOf(long streamId) {
        return books.values().stream().anyMatch(b -> b.streamId == streamId && b.running());
    }

    /** Auctions whose owner left the cluster: a survivor takes each over. */
    void membersChanged(@Observes Cluster.MembersChanged change) {
        owners.takeOver(change.left(), this::recoverOne);
    }

    /** Forgets every in-memory auction (what a crash does); tests follow it with {@link #recover()}. */
    void forgetAll() {
        books.clear();
        answers.clear();
    }

    void sweep(long nowMillis) {
        answers.sweep(nowMillis);
        long keep = config.answerRetention().toMillis();
        books.values().removeIf(b -> !b.running() && b.view().closedAt() != null
                && nowMillis - b.view().closedAt().toEpochMilli() > keep);
    }
}
