package io.liveshop.flashsale;

import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.StockEvents;
import io.liveshop.catalog.ProductStatus;
import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.ModerationAct;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.order.OrderEvents;
import io.liveshop.order.SaleOrderWriter;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Flash sales: start (units taken from the product), buy (in-memory admission, batched durable orders), end
 * (unsold units back to the product) and reconciliation. A buy is answered exactly once per (buyer, request id).
 */
@ApplicationScoped
public class FlashSaleService {

    private static final Logger LOG = Logger.getLogger(FlashSaleService.class);

    private final FlashSaleRepository sales;
    private final ProductRepository products;
    private final SaleHostAccess hostAccess;
    private final SaleAdmission admission;
    private final SaleOrderWriter orders;
    private final SaleStore store;
    private final SaleRecovery recovery;
    private final SaleMetrics metrics;
    private final SaleEvents saleEvents;
    private final OrderEvents orderEvents;
    private final SaleOwners owners;
    private final SaleForwarding forwarding;
    private final StockEvents stock;

    FlashSaleService(FlashSaleRepository sales, ProductRepository products, SaleHostAccess hostAccess,
            SaleAdmission admission, SaleOrderWriter orders, SaleStore store, SaleRecovery recovery,
            SaleMetrics metrics, SaleEvents saleEvents, OrderEvents orderEvents, SaleOwners owners,
            SaleForwarding forwarding, StockEvents stock) {
        this.stock = stock;
        this.owners = owners;
        this.forwarding = forwarding;
        this.sales = sales;
        this.products = products;
        this.hostAccess = hostAccess;
        this.admission = admission;
        this.orders = orders;
        this.store = store;
        this.recovery = recovery;
        this.metrics = metrics;
        this.saleEvents = saleEvents;
        this.orderEvents = orderEvents;
    }

    // ---------- start, view, end ----------

    public Uni<SaleView> start(CurrentUser host, SaleRequest request) {
        int countdown = request.countdownSeconds() == null ? 0 : request.countdownSeconds();
        if (countdown != 0 && countdown < 10) {
            throw ProblemException.invalidField("countdownSeconds", "must be 0 (open now) or 10 to 300");
        }
        // the allocation left the product's stock: viewers showing the product see the new count
        return createSale(host, request, countdown).call(sale -> owners.started(sale.id))
                .call(sale -> stock.publishCurrent(sale.productId)).map(sale -> {
            SaleSlot slot = SaleSlot.of(sale, false, sale.allocated, 0, 0);
            admission.put(slot);
            metrics.track(sale.id);
            SaleView view = SaleView.of(slot, Instant.now());
            saleEvents.publish(new SaleAnnounced(sale.streamId, sale.id, sale.productId, sale.title, sale.priceMinor,
                    sale.currency, sale.allocated, sale.perBuyerLimit, countdown, sale.opensAt, sale.endsAt, view));
            return view;
        });
    }

    @WithTransaction
    public Uni<FlashSale> createSale(CurrentUser host, SaleRequest request, int countdown) {
        long productId = request.productId();
        return hostAccess.requireHostOfLiveShowcase(request.streamId(), productId, host)
                .flatMap(ok -> products.findById(productId))
                .flatMap(product -> {
                    if (product == null || product.status != ProductStatus.ACTIVE) {
                        throw ProblemException.conflict("product-unavailable", "Product " + productId + " is not on sale");
                    }
                    return products.takeStock(productId, request.quantity()).flatMap(taken -> {
                        if (taken == 0) {
                            throw ProblemException.conflict("insufficient-stock",
                                    "The product has fewer than " + request.quantity() + " units in stock");
                        }
                        Instant now = Instant.now();
                        FlashSale sale = new FlashSale();
                        sale.streamId = request.streamId();
                        sale.productId = productId;
                        sale.sellerId = product.sellerId;
                        sale.hostId = host.id();
                        sale.title = product.title;
                        sale.priceMinor = request.priceMinor();
                        sale.currency = product.currency;
                        sale.initialAllocation = request.quantity();
                        sale.allocated = request.quantity();
                        sale.perBuyerLimit = request.perBuyerLimit();
                        sale.status = countdown == 0 ? SaleStatus.OPEN : SaleStatus.ANNOUNCED;
                        sale.opensAt = now.plusSeconds(countdown);
                        sale.endsAt = sale.opensAt.plusSeconds(request.durationSeconds());
                        sale.createdAt = now;
                        return sales.persist(sale);
                    });
                });
    }

    public Uni<SaleView> get(long saleId) {
        return onOwner(saleId, "view", Map.of(), SaleView.class,
                () -> slot(saleId).map(slot -> SaleView.of(slot, Instant.now())));
    }

    /**
     * Ends a sale early (its stream's host or a co-host, or an admin as moderation, recorded with the reason) or on
     * time (the clock); unsold units go back to the product. In a cluster the sale's owner settles it.
     */
    public Uni<SaleView> end(CurrentUser user, long saleId, ModerationRequest request) {
        return moderatedEnd(user, saleId).flatMap(moderated -> {
            ModerationAct act = moderated ? ModerationAct.of(user, ModerationAct.Action.SALE_END, saleId, request) : null;
            Map<String, Object> body = new java.util.HashMap<>();
            if (act != null) {
                body.put("actorId", act.actorId());
                body.put("reason", act.reason());
            }
            return onOwner(saleId, "end", body, SaleView.class,
                    () -> settle(saleId, act).map(slot -> SaleView.of(slot, Instant.now())));
        });
    }

    /** Cluster: the end forwarded by another node, which checked who may end it ({@code act}: an admin did). */
    public Uni<SaleView> endAsOwner(long saleId, ModerationAct act) {
        return asOwner(saleId, () -> settle(saleId, act).map(slot -> SaleView.of(slot, Instant.now())));
    }

    /** Runs {@code here} if this node runs the sale (always, single node), else asks the owner. */
    private <T> Uni<T> onOwner(long saleId, String action, Map<String, ?> body, Class<T> type,
            java.util.function.Supplier<Uni<T>> here) {
        return owners.mine(saleId).flatMap(mine -> mine ? here.get()
                : forwarding.call(owners.owner(saleId), saleId, action, body, type));
    }

    /** A forwarded call: the caller believed this node owns the sale; if it no longer does, the client retries. */
    private <T> Uni<T> asOwner(long saleId, java.util.function.Supplier<Uni<T>> here) {
        return owners.mine(saleId).flatMap(mine -> mine ? here.get()
                : Uni.createFrom().failure(new ProblemException(503, "Service Unavailable", "sale-owner-moved",
                        "The sale moved to another node; try again", null)));
    }

    /** False for the stream's host or a co-host (with the host's rules), true for an admin moderating; else 403. */
    @WithSession
    public Uni<Boolean> moderatedEnd(CurrentUser user, long saleId) {
        return sales.findById(saleId).flatMap(sale -> {
            if (sale == null) {
                throw ProblemException.notFound("Sale " + saleId);
            }
            return hostAccess.runsStream(sale.streamId, user).flatMap(runs -> {
                if (runs || !user.admin()) {
                    return hostAccess.requireHostOfLiveShowcase(sale.streamId, sale.productId, user).replaceWith(false);
                }
                return Uni.createFrom().item(true);
            });
        });
    }

    Uni<SaleSlot> settle(long saleId) {
        return settle(saleId, null);
    }

    /** {@code act}, when an admin ends the sale, is recorded in the settlement's transaction. */
    Uni<SaleSlot> settle(long saleId, ModerationAct act) {
        return slot(saleId).flatMap(before -> {
            admission.update(saleId, SaleSlot::settling);
            return store.settle(saleId, act)
                    // not ended in the database (it rolled back): running again in memory, so the end is retried
                    .onFailure().invoke(() -> admission.update(saleId, SaleSlot::unsettled))
                    .flatMap(counts -> recovery.reloadNow(saleId).invoke(slot -> {
                        if (counts != null) {
                            saleEvents.publish(new SaleEnded(slot.streamId(), saleId, counts.sold(), counts.held(),
                                    counts.returned(), Instant.now()));
                        }
                    }).call(slot -> counts != null && counts.returned() > 0
                            ? stock.publishCurrent(counts.productId()) : Uni.createFrom().voidItem()));
        });
    }

    public Uni<SaleInvariant> invariant(long saleId) {
        return onOwner(saleId, "invariant", Map.of(), SaleInvariant.class, () -> localInvariant(saleId));
    }

    private Uni<SaleInvariant> localInvariant(long saleId) {
        return slot(saleId)
                .flatMap(slot -> slot.settled() ? recovery.reloadNow(saleId) : Uni.createFrom().item(slot))
                .flatMap(slot -> store.counts(saleId).map(db -> SaleInvariant.of(admission.slot(saleId), db)))
                .invoke(metrics::reconciled);
    }

    private Uni<SaleSlot> slot(long saleId) {
        SaleSlot slot = admission.slot(saleId);
        if (slot != null) {
            return Uni.createFrom().item(slot);
        }
        return recovery.load(saleId).map(found -> {
            if (!found) {
                throw ProblemException.notFound("Sale " + saleId);
            }
            return admission.slot(saleId);
        });
    }

    // ---------- buying ----------

    /**
     * One buy attempt over REST. The same (buyer, requestId) always gets the first answer (marked {@code replayed});
     * a concurrent duplicate waits for it. Losing answers cost no database round trip; WON is given once the order
     * is committed. The answer is also pushed to the buyer's connections ({@link BuyAnswered}).
     */
    public Uni<BuyAnswer> buy(CurrentUser buyer, long saleId, String requestId) {
        return routed(buyer, saleId, requestId, true);
    }

    /** The same, sent on the buyer's socket: the gateway answers it there, so nothing is pushed besides. */
    public Uni<BuyAnswer> buyOnSocket(CurrentUser buyer, long saleId, String requestId) {
        return routed(buyer, saleId, requestId, false);
    }

    /** Cluster: a buy forwarded by another node, which authenticated the buyer and pushes the answer itself. */
    public Uni<BuyAnswer> buyAsOwner(CurrentUser buyer, long saleId, String requestId) {
        return asOwner(saleId, () -> attempt(buyer, saleId, requestId, false));
    }

    private Uni<BuyAnswer> routed(CurrentUser buyer, long saleId, String requestId, boolean push) {
        if (!owners.clustered()) {
            return attempt(buyer, saleId, requestId, push);
        }
        if (requestId == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required to buy in a flash sale");
        }
        IdempotencyKey.validate(requestId);
        return owners.mine(saleId).flatMap(mine -> mine ? attempt(buyer, saleId, requestId, push)
                : remoteAttempt(buyer, saleId, requestId, push));
    }

    /**
     * Cluster, another node runs the sale: a request answered WON anywhere gets that order again; once the owner
     * said the sale is sold out or ended, losers are answered here without a cluster round trip; the rest are
     * forwarded.
     */
    private Uni<BuyAnswer> remoteAttempt(CurrentUser buyer, long saleId, String requestId, boolean push) {
        BuyAnswer won = owners.won(buyer.id(), requestId);
        if (won != null) {
            if (won.saleId() != saleId) {
                throw ProblemException.unprocessable("idempotency-key-reused",
                        "This Idempotency-Key was used with a different request");
            }
            return Uni.createFrom().item(won.asReplay());
        }
        if (!admission.tryAttempt(buyer.id(), System.currentTimeMillis())) {
            metrics.answered(BuyOutcome.RATE_LIMITED);
            return Uni.createFrom().item(BuyAnswer.of(saleId, requestId, BuyOutcome.RATE_LIMITED));
        }
        BuyOutcome loss = owners.knownLoss(saleId);
        Uni<BuyAnswer> answer = loss != null ? answer(saleId, requestId, loss)
                : forwarding.call(owners.owner(saleId), saleId, "buy",
                        Map.of("buyerId", buyer.id(), "requestId", requestId), BuyAnswer.class);
        return answer.invoke(a -> {
            metrics.answered(a.outcome());
            if (push) {
                orderEvents.publish(new BuyAnswered(buyer.id(), saleId, requestId, a.outcome(), a.orderId(), a.payBy()));
            }
        });
    }

    /** claim the request id → rate window → admission → (winners) order write → the one completion point. */
    private Uni<BuyAnswer> attempt(CurrentUser buyer, long saleId, String requestId, boolean push) {
        if (requestId == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required to buy in a flash sale");
        }
        IdempotencyKey.validate(requestId);
        SaleAdmission.AnswerEntry mine = admission.pendingAnswer(saleId);
        SaleAdmission.AnswerEntry earlier = admission.claimAnswer(buyer.id(), requestId, mine);
        if (earlier != null) {
            return replay(earlier, saleId);
        }
        if (!admission.tryAttempt(buyer.id(), System.currentTimeMillis())) {
            // not remembered: a retry after the window is a fresh attempt
            admission.forgetAnswer(buyer.id(), requestId, mine);
            BuyAnswer limited = BuyAnswer.of(saleId, requestId, BuyOutcome.RATE_LIMITED);
            mine.answer().complete(limited);
            metrics.answered(BuyOutcome.RATE_LIMITED);
            return Uni.createFrom().item(limited);
        }
        return Uni.createFrom().deferred(() -> admit(buyer, saleId, requestId, true))
                .onItemOrFailure().invoke((answer, failure) -> {
                    if (failure != null) {
                        // no answer was given: forget the request so a retry is processed afresh
                        admission.forgetAnswer(buyer.id(), requestId, mine);
                        mine.answer().completeExceptionally(failure);
                        return;
                    }
                    mine.answer().complete(answer);
                    metrics.answered(answer.outcome());
                    if (push) {
                        orderEvents.publish(new BuyAnswered(buyer.id(), saleId, requestId, answer.outcome(),
                                answer.orderId(), answer.payBy()));
                    }
                });
    }

    private Uni<BuyAnswer> admit(CurrentUser buyer, long saleId, String requestId, boolean mayLoad) {
        return switch (admission.admit(saleId, buyer.id(), Instant.now())) {
            case ADMITTED -> write(buyer, saleId, requestId);
            case UNKNOWN_SALE -> mayLoad
                    ? recovery.load(saleId).flatMap(found -> found ? admit(buyer, saleId, requestId, false)
                            : Uni.createFrom().failure(ProblemException.notFound("Sale " + saleId)))
                    : Uni.createFrom().failure(ProblemException.notFound("Sale " + saleId));
            case SOLD_OUT -> lost(buyer, saleId, requestId, BuyOutcome.SOLD_OUT);
            case LIMIT_REACHED -> lost(buyer, saleId, requestId, BuyOutcome.LIMIT_REACHED);
            case NOT_OPEN -> answer(saleId, requestId, BuyOutcome.NOT_OPEN);
            case ENDED -> answer(saleId, requestId, BuyOutcome.ENDED);
        };
    }

    /** An admitted unit: WON once its order is committed; otherwise the unit and the buyer's count go back. */
    private Uni<BuyAnswer> write(CurrentUser buyer, long saleId, String requestId) {
        SaleSlot slot = admission.slot(saleId);
        String fingerprint = fingerprint(saleId);
        return orders.write(new SaleOrderWriter.NewSaleOrder(saleId, buyer.id(), requestId, fingerprint,
                        slot.sellerId(), slot.productId(), slot.title(), slot.priceMinor(), slot.currency()))
                .onFailure().transform(failure -> {
                    admission.notWritten(saleId, buyer.id());
                    LOG.debugf(failure, "Buy in sale %d not recorded", saleId);
                    return new ProblemException(503, "Service Unavailable", "sale-write-failed",
                            "Your buy could not be recorded and nothing was taken; try again", null);
                })
                .flatMap(written -> switch (written.outcome()) {
                    case INSERTED -> {
                        // in flight until the answer is replicated: other nodes trust "sold out" only once nothing is
                        BuyAnswer won = BuyAnswer.won(saleId, requestId, written.orderId(), written.expiresAt());
                        yield owners.rememberWon(buyer.id(), requestId, won).onFailure().recoverWithNull()
                                .invoke(() -> admission.written(saleId)).replaceWith(won);
                    }
                    case SALE_ENDED -> {
                        admission.notWritten(saleId, buyer.id());
                        yield answer(saleId, requestId, BuyOutcome.ENDED);
                    }
                    case KEY_EXISTS -> {
                        // written before a restart: answer with that order and take nothing
                        admission.notWritten(saleId, buyer.id());
                        yield orders.existing(buyer.id(), requestId).map(existing -> {
                            if (existing == null || !fingerprint.equals(existing.fingerprint())) {
                                throw ProblemException.unprocessable("idempotency-key-reused",
                                        "This Idempotency-Key was used with a different request");
                            }
                            return BuyAnswer.won(saleId, requestId, existing.orderId(), existing.expiresAt());
                        });
                    }
                });
    }

    /** A loss, unless this very request already won on another node (cluster: a retry after a failover). */
    private Uni<BuyAnswer> lost(CurrentUser buyer, long saleId, String requestId, BuyOutcome outcome) {
        // a recovery that ran meanwhile may have brought this request's answer back from the database
        BuyAnswer won = admission.rememberedWon(buyer.id(), requestId);
        if (won == null) {
            won = owners.won(buyer.id(), requestId);
        }
        return won != null && won.saleId() == saleId ? Uni.createFrom().item(won.asReplay())
                : answer(saleId, requestId, outcome);
    }

    private static Uni<BuyAnswer> answer(long saleId, String requestId, BuyOutcome outcome) {
        return Uni.createFrom().item(BuyAnswer.of(saleId, requestId, outcome));
    }

    /** The first answer to this request id, once it is there (a concurrent duplicate waits on the caller's context). */
    private static Uni<BuyAnswer> replay(SaleAdmission.AnswerEntry earlier, long saleId) {
        if (earlier.saleId() != saleId) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        CompletableFuture<BuyAnswer> first = earlier.answer();
        if (first.isDone() && !first.isCompletedExceptionally()) {
            return Uni.createFrom().item(first.join().asReplay());
        }
        Context caller = Vertx.currentContext();
        Uni<BuyAnswer> waiting = Uni.createFrom().completionStage(first).map(BuyAnswer::asReplay);
        return caller == null ? waiting : waiting.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    static String fingerprint(long saleId) {
        return Fingerprint.of("flash-sale", saleId);
    }
}
