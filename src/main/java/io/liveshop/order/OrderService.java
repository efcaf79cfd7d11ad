package io.liveshop.order;

import io.liveshop.catalog.Product;
import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.ProductStatus;
import io.liveshop.catalog.SellerRepository;
import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.AuditLog;
import io.liveshop.moderation.ModerationAct;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.payment.PaymentGateway;
import io.liveshop.platform.Cursor;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class OrderService {

    private final OrderRepository orders;
    private final ProductRepository products;
    private final SellerRepository sellers;
    private final PaymentGateway gateway;
    private final OrdersConfig config;
    private final OrderEvents events;
    private final SaleUnits saleUnits;
    private final AuditLog audit;

    OrderService(OrderRepository orders, ProductRepository products, SellerRepository sellers, PaymentGateway gateway,
            OrdersConfig config, OrderEvents events, SaleUnits saleUnits, AuditLog audit) {
        this.audit = audit;
        this.orders = orders;
        this.products = products;
        this.sellers = sellers;
        this.gateway = gateway;
        this.config = config;
        this.events = events;
        this.saleUnits = saleUnits;
    }

    /**
     * Buy now: takes stock with one conditional update (no oversell under concurrency) and creates a pending order.
     * The same idempotency key with the same request returns the first order; a concurrent duplicate that loses
     * the unique-key race is rolled back (stock included) and answered with the winner's order.
     */
    public Uni<OrderCreated> buyNow(CurrentUser buyer, BuyNowRequest request, String idempotencyKey) {
        String fingerprint = Fingerprint.of("buy-now", request.productId(), request.quantity());
        return createBuyNow(buyer, request, idempotencyKey, fingerprint)
                .invoke(created -> {
                    if (!created.replayed()) {
                        events.statusChanged(created.order());
                    }
                })
                .onFailure(OrderService::isIdempotencyRace)
                .recoverWithUni(() -> replay(buyer, idempotencyKey, fingerprint));
    }

    @WithTransaction
    public Uni<OrderCreated> createBuyNow(CurrentUser buyer, BuyNowRequest request, String key, String fingerprint) {
        Uni<Order> earlier = key == null ? Uni.createFrom().nullItem() : orders.findByIdempotencyKey(buyer.id(), key);
        return earlier.flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(replayOf(existing, fingerprint));
            }
            return products.findById(request.productId()).flatMap(product -> {
                if (product == null || product.status != ProductStatus.ACTIVE) {
                    throw ProblemException.conflict("product-unavailable", "Product " + request.productId()
                            + " is not on sale");
                }
                return products.takeStock(product.id, request.quantity()).flatMap(taken -> {
                    if (taken == 0) {
                        throw ProblemException.conflict("sold-out", "Not enough stock left for this quantity");
                    }
                    Order order = newOrder(buyer, product, request.quantity(), key, fingerprint);
                    return orders.persist(order).map(o -> new OrderCreated(o, false));
                });
            });
        });
    }

    @WithSession
    public Uni<OrderCreated> replay(CurrentUser buyer, String key, String fingerprint) {
        return orders.findByIdempotencyKey(buyer.id(), key).map(existing -> {
            if (existing == null) {
                throw ProblemException.conflict("retry", "A concurrent request with this key failed; retry it");
            }
            return replayOf(existing, fingerprint);
        });
    }

    @WithSession
    public Uni<Order> get(CurrentUser user, long id) {
        return orders.findWithLines(id)
                .flatMap(order -> authorize(user, order, Party.BUYER, Party.SELLER, Party.ADMIN).replaceWith(order));
    }

    /** A page of the buyer's orders, parameters already checked: for the read model. */
    @WithSession
    public Uni<Page<OrderView>> pageForBuyer(CurrentUser buyer, long before, int max) {
        return orders.page(buyer.id(), null, before, max + 1).map(rows -> Page.of(rows, max, o -> o.id, OrderView::of));
    }

    @WithSession
    public Uni<Page<OrderView>> listForSeller(CurrentUser seller, String cursor, String limit) {
        int max = Cursor.limit(limit);
        long before = Cursor.decode(cursor);
        return sellers.findByOwner(seller.id()).flatMap(shop -> {
            if (shop == null) {
                throw ProblemException.conflict("no-shop", "Create your shop with POST /api/sellers first");
            }
            return orders.page(null, shop.id, before, max + 1).map(rows -> Page.of(rows, max, o -> o.id, OrderView::of));
        });
    }

    public Uni<Order> ship(CurrentUser user, long id) {
        return move(user, id, OrderStatus.SHIPPED, Set.of(Party.SELLER), null).invoke(events::statusChanged);
    }

    public Uni<Order> deliver(CurrentUser user, long id) {
        return move(user, id, OrderStatus.DELIVERED, Set.of(Party.SELLER), null).invoke(events::statusChanged);
    }

    public Uni<Order> cancel(CurrentUser user, long id) {
        return move(user, id, OrderStatus.CANCELLED, Set.of(Party.BUYER), null).invoke(events::statusChanged);
    }

    /**
     * Refunds a paid order: its seller, or an admin as moderation (recorded with the reason). The money goes back
     * after the status change is committed.
     */
    public Uni<Order> refund(CurrentUser user, long id, ModerationRequest request) {
        return move(user, id, OrderStatus.REFUNDED, Set.of(Party.SELLER, Party.ADMIN), request)
                .invoke(events::statusChanged)
                .call(order -> order.paymentId == null ? Uni.createFrom().voidItem() : gateway.refund(order.paymentId));
    }

    /**
     * Pays a pending order: authorize, then mark paid only while the payment window is open, then capture. If
     * the order expired meanwhile, the authorization is voided, so a late payment never charges the buyer.
     */
    public Uni<Order> pay(CurrentUser user, long id, String cardToken) {
        return payable(user, id).flatMap(order -> chargeAndMarkPaid(order, cardToken)).flatMap(this::reload)
                .invoke(events::statusChanged);
    }

    private Uni<Long> chargeAndMarkPaid(Order order, String cardToken) {
        return gateway.authorize("order-" + order.id, order.totalMinor, order.currency, cardToken).flatMap(auth -> {
            if (!auth.approved()) {
                return Uni.createFrom().<Long>failure(new ProblemException(402, "Payment Required", "payment-declined",
                        "The card was declined: " + auth.declineCode(), null));
            }
            return markPaid(order.id, auth.id()).flatMap(won -> {
                if (won) {
                    return gateway.capture(auth.id()).replaceWith(order.id);
                }
                return gateway.voidAuthorization(auth.id()).flatMap(v -> Uni.createFrom().<Long>failure(
                        ProblemException.conflict("order-expired", "The payment window closed; nothing was charged")));
            });
        });
    }

    @WithSession
    public Uni<Order> payable(CurrentUser user, long id) {
        return orders.findWithLines(id).call(order -> authorize(user, order, Party.BUYER)).map(order -> {
            if (order.status == OrderStatus.EXPIRED
                    || order.status == OrderStatus.PENDING_PAYMENT && !order.expiresAt.isAfter(Instant.now())) {
                throw ProblemException.conflict("order-expired", "The payment window closed; nothing was charged");
            }
            if (order.status != OrderStatus.PENDING_PAYMENT) {
                throw illegal(order.status, OrderStatus.PAID);
            }
            return order;
        });
    }

    @WithTransaction
    public Uni<Boolean> markPaid(long id, String paymentId) {
        return orders.markPaid(id, paymentId, Instant.now()).map(rows -> rows == 1);
    }

    @WithSession
    public Uni<Order> reload(Long id) {
        return orders.findWithLines(id);
    }

    /** Expires pending orders whose payment window has closed, gives their units back, then tells the buyers. */
    public Uni<List<Order>> expireDue(int max) {
        return expireDueInTransaction(max).invoke(expired -> expired.forEach(events::statusChanged));
    }

    @WithTransaction
    public Uni<List<Order>> expireDueInTransaction(int max) {
        return orders.dueForExpiry(Instant.now(), max).flatMap(ids -> ids.isEmpty()
                ? Uni.createFrom().item(List.<Order>of())
                : Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> orders.findWithLines(id)
                                .flatMap(order -> orders.transition(id, OrderStatus.PENDING_PAYMENT, OrderStatus.EXPIRED)
                                        .flatMap(rows -> rows == 0 ? Uni.createFrom().<Order>nullItem()
                                                : released(order, OrderStatus.EXPIRED))))
                        .filter(o -> o != null)
                        .collect().asList());
    }

    /** {@code request} is the reason an admin may give; an admin's act is recorded in the same transaction. */
    @WithTransaction
    public Uni<Order> move(CurrentUser user, long id, OrderStatus target, Set<Party> allowed,
            ModerationRequest request) {
        return orders.findWithLines(id)
                .call(order -> authorize(user, order, allowed.toArray(Party[]::new)).flatMap(party -> party == Party.ADMIN
                        ? audit.record(ModerationAct.of(user, ModerationAct.Action.ORDER_REFUND, id, request))
                        : Uni.createFrom().voidItem()))
                .flatMap(order -> {
                    OrderStatus from = order.status;
                    if (!from.canMoveTo(target)) {
                        throw illegal(from, target);
                    }
                    return orders.transition(id, from, target).flatMap(rows -> {
                        if (rows == 0) {
                            throw ProblemException.conflict("concurrent-change", "The order changed meanwhile; reload it");
                        }
                        boolean unitsReturn = target == OrderStatus.CANCELLED || target == OrderStatus.EXPIRED
                                || target == OrderStatus.REFUNDED && from == OrderStatus.PAID;
                        return unitsReturn ? released(order, target) : Uni.createFrom().item(withStatus(order, target));
                    });
                });
    }

    private Uni<Order> released(Order order, OrderStatus status) {
        if (order.source == OrderSource.FLASH_SALE && order.saleId != null) {
            return saleUnits.release(order).replaceWith(() -> withStatus(order, status));
        }
        return Multi.createFrom().iterable(order.lines)
                .onItem().transformToUniAndConcatenate(line -> products.returnStock(line.productId, line.quantity))
                .collect().last()
                .replaceWith(() -> withStatus(order, status));
    }

    private static Order withStatus(Order order, OrderStatus status) {
        order.status = status;
        order.updatedAt = Instant.now();
        return order;
    }

    /** Who acts on an order: its buyer, its seller, or an admin (who reads and refunds, never acts for them). */
    enum Party { BUYER, SELLER, ADMIN }

    /** The first of {@code allowed} the user is for this order, or 403. */
    private Uni<Party> authorize(CurrentUser user, Order order, Party... allowed) {
        if (order == null) {
            throw ProblemException.notFound("Order");
        }
        List<Party> parties = List.of(allowed);
        if (parties.contains(Party.BUYER) && order.buyerId.equals(user.id())) {
            return Uni.createFrom().item(Party.BUYER);
        }
        Uni<Boolean> ownsShop = parties.contains(Party.SELLER) && user.seller()
                ? sellers.findById(order.sellerId).map(shop -> shop != null && shop.ownerId.equals(user.id()))
                : Uni.createFrom().item(false);
        return ownsShop.map(owner -> {
            if (owner) {
                return Party.SELLER;
            }
            if (parties.contains(Party.ADMIN) && user.admin()) {
                return Party.ADMIN;
            }
            throw ProblemException.forbidden("This order is not yours");
        });
    }

    private Order newOrder(CurrentUser buyer, Product product, int quantity, String key, String fingerprint) {
        Instant now = Instant.now();
        Order order = new Order();
        order.buyerId = buyer.id();
        order.sellerId = product.sellerId;
        order.status = OrderStatus.PENDING_PAYMENT;
        order.source = OrderSource.BUY_NOW;
        order.currency = product.currency;
        order.totalMinor = product.priceMinor * quantity;
        order.idempotencyKey = key;
        order.requestFingerprint = fingerprint;
        order.expiresAt = now.plus(config.paymentWindow());
        order.createdAt = now;
        order.updatedAt = now;
        OrderLine line = new OrderLine();
        line.productId = product.id;
        line.title = product.title;
        line.quantity = quantity;
        line.unitPriceMinor = product.priceMinor;
        order.addLine(line);
        return order;
    }

    private static OrderCreated replayOf(Order existing, String fingerprint) {
        if (!fingerprint.equals(existing.requestFingerprint)) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        return new OrderCreated(existing, true);
    }

    static ProblemException illegal(OrderStatus from, OrderStatus to) {
        return ProblemException.conflict("illegal-transition", "Order is " + from + " and cannot become " + to
                + "; allowed next: " + from.next());
    }

    private static boolean isIdempotencyRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("orders_idempotency_uq")) {
                return true;
            }
        }
        return false;
    }
}
