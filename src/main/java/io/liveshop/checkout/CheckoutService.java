package io.liveshop.checkout;

import io.liveshop.address.Address;
import io.liveshop.address.AddressService;
import io.liveshop.cart.CartRepository;
import io.liveshop.cart.CartRow;
import io.liveshop.identity.CurrentUser;
import io.liveshop.order.CheckoutOrderWriter;
import io.liveshop.order.Order;
import io.liveshop.order.OrderLine;
import io.liveshop.order.OrderSource;
import io.liveshop.order.OrderStatus;
import io.liveshop.payment.PaymentGateway;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Problem;
import io.liveshop.platform.ProblemException;
import io.liveshop.voucher.VoucherDiscounts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One checkout across sellers: price the chosen cart lines (one order per seller, flat shipping, vouchers),
 * authorize the card for the total, then in ONE transaction take every line's stock (all or nothing), write the
 * orders PAID and empty what was bought from the cart; capture after the commit, void the authorization if the
 * transaction failed. A declined card or a failed line writes and takes nothing.
 */
@ApplicationScoped
public class CheckoutService {

    private final CheckoutRepository checkouts;
    private final CartRepository cart;
    private final AddressService addresses;
    private final CheckoutOrderWriter orders;
    private final PaymentGateway gateway;
    private final CheckoutConfig config;
    private final VoucherDiscounts vouchers;

    CheckoutService(CheckoutRepository checkouts, CartRepository cart, AddressService addresses,
            CheckoutOrderWriter orders, PaymentGateway gateway, CheckoutConfig config, VoucherDiscounts vouchers) {
        this.vouchers = vouchers;
        this.checkouts = checkouts;
        this.cart = cart;
        this.addresses = addresses;
        this.orders = orders;
        this.gateway = gateway;
        this.config = config;
    }

    public Uni<CheckoutResult> checkout(CurrentUser buyer, CheckoutRequest request, String key) {
        if (key == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required for a checkout");
        }
        String fingerprint = fingerprint(request);
        return checkouts.find(buyer.id(), key)
                .flatMap(earlier -> earlier != null ? Uni.createFrom().item(replay(earlier, fingerprint))
                        : fresh(buyer, request, key, fingerprint))
                // a concurrent request with this key may have committed meanwhile: answer with it
                .onFailure().recoverWithUni(failure -> checkouts.find(buyer.id(), key).flatMap(earlier -> earlier == null
                        ? Uni.createFrom().failure(failure) : Uni.createFrom().item(replay(earlier, fingerprint))));
    }

    private Uni<CheckoutResult> fresh(CurrentUser buyer, CheckoutRequest request, String key, String fingerprint) {
        return quote(buyer, request).flatMap(quote -> gateway
                .authorize("checkout-" + buyer.id() + "-" + key, quote.chargeMinor(), quote.currency(), request.cardToken())
                .flatMap(auth -> {
                    if (!auth.approved()) {
                        return Uni.createFrom().<CheckoutResult>failure(new ProblemException(402, "Payment Required",
                                "payment-declined", "The card was declined: " + auth.declineCode()
                                        + "; nothing was charged or taken", null));
                    }
                    return commit(buyer, key, fingerprint, quote, auth.id())
                            .onFailure().call(() -> gateway.voidAuthorization(auth.id()))
                            .call(() -> gateway.capture(auth.id()))
                            .invoke(orders::published)
                            .map(written -> new CheckoutResult(view(written, quote, auth.id()), false));
                }));
    }

    private Uni<List<Order>> commit(CurrentUser buyer, String key, String fingerprint, Quote quote, String paymentId) {
        List<CartRow> bought = quote.lines();
        // The cart lines leave first: a second checkout of the same cart (another key) waits on their row locks,
        // then finds them gone and rolls back before it takes any stock, so one cart is never bought twice.
        return checkouts.pool().withTransaction(tx -> checkouts.insert(tx, buyer.id(), key, fingerprint, quote, paymentId)
                .call(checkoutId -> cart.removeBought(tx, buyer.id(), bought).invoke(removed -> {
                    if (removed != bought.size()) {
                        throw ProblemException.conflict("cart-changed", "Your cart changed while checking out (another"
                                + " checkout bought these lines, or a quantity changed); nothing was taken or charged");
                    }
                }))
                .flatMap(checkoutId -> checkouts.takeStock(tx, bought)
                        .flatMap(x -> orders.insertPaid(tx, newOrders(buyer, quote, checkoutId, paymentId))))
                .call(written -> useVouchers(tx, buyer, quote, written)));
    }

    /** Orders are written in the quote's seller order; each voucher is used by its seller's order. */
    private Uni<Void> useVouchers(io.vertx.mutiny.sqlclient.SqlConnection tx, CurrentUser buyer, Quote quote,
            List<Order> written) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < written.size(); i++) {
            Long voucherId = quote.sellers().get(i).voucherId();
            long orderId = written.get(i).id;
            if (voucherId != null) {
                chain = chain.flatMap(x -> vouchers.use(tx, buyer.id(), voucherId, orderId));
            }
        }
        return chain;
    }

    /** Prices the chosen lines; refuses (before any charge) what cannot be bought. */
    Uni<Quote> quote(CurrentUser buyer, CheckoutRequest request) {
        List<Long> voucherIds = request.voucherIds() == null ? List.of() : request.voucherIds();
        Uni<List<VoucherDiscounts.Claimed>> claimed = voucherIds.isEmpty() ? Uni.createFrom().item(List.of())
                : vouchers.claimedBy(buyer.id(), voucherIds);
        return addresses.resolve(buyer.id(), request.addressId())
                .flatMap(address -> cart.lines(buyer.id()).flatMap(rows -> claimed
                        .map(held -> price(rows, request, address, held))));
    }

    private Quote price(List<CartRow> rows, CheckoutRequest request, Address address,
            List<VoucherDiscounts.Claimed> held) {
        List<CartRow> chosen = rows;
        if (request.productIds() != null) {
            Set<Long> wanted = new TreeSet<>(request.productIds());
            chosen = rows.stream().filter(r -> wanted.contains(r.productId())).toList();
            chosen.forEach(r -> wanted.remove(r.productId()));
            if (!wanted.isEmpty()) {
                throw ProblemException.conflict("not-in-cart", "These products are not in your cart: " + wanted);
            }
        }
        if (chosen.isEmpty()) {
            throw ProblemException.conflict("empty-cart", "There is nothing in your cart to check out");
        }
        List<Problem.FieldError> problems = chosen.stream().filter(r -> r.problem() != null)
                .map(r -> new Problem.FieldError(CheckoutRepository.field(r), r.problem().name())).toList();
        if (!problems.isEmpty()) {
            throw CheckoutRepository.lineUnavailable(problems);
        }
        Set<String> currencies = new TreeSet<>();
        chosen.forEach(r -> currencies.add(r.currency()));
        if (currencies.size() > 1) {
            throw ProblemException.badRequest("mixed-currency", "One checkout pays in one currency; these lines are in "
                    + currencies + ": check them out separately (productIds)");
        }
        Map<Long, List<CartRow>> bySeller = new TreeMap<>();
        chosen.forEach(r -> bySeller.computeIfAbsent(r.sellerId(), k -> new ArrayList<>()).add(r));
        Map<Long, VoucherDiscounts.Claimed> voucherBySeller = vouchersBySeller(request, held, bySeller.keySet());
        List<Quote.SellerPart> parts = new ArrayList<>();
        long charge = 0;
        for (Map.Entry<Long, List<CartRow>> e : bySeller.entrySet()) {
            long subtotal = e.getValue().stream().mapToLong(r -> Math.multiplyExact(r.priceMinor(), r.quantity())).sum();
            VoucherDiscounts.Claimed voucher = voucherBySeller.get(e.getKey());
            long discount = 0;
            if (voucher != null) {
                if (subtotal < voucher.minSpendMinor()) {
                    throw ProblemException.conflict("voucher-min-spend", "Voucher " + voucher.voucherId() + " needs a "
                            + "subtotal of at least " + voucher.minSpendMinor() + " with its seller; it is " + subtotal);
                }
                discount = voucher.discountOn(subtotal);
            }
            Quote.SellerPart part = new Quote.SellerPart(e.getKey(), e.getValue(), subtotal, config.shippingFeeMinor(),
                    discount, voucher == null ? null : voucher.voucherId());
            parts.add(part);
            charge += part.totalMinor();
        }
        return new Quote(currencies.iterator().next(), parts, charge, address.id, address.label());
    }

    /** At most one voucher per seller, each of a seller in this checkout, claimed by the buyer, unused, not ended. */
    private static Map<Long, VoucherDiscounts.Claimed> vouchersBySeller(CheckoutRequest request,
            List<VoucherDiscounts.Claimed> held, Set<Long> sellers) {
        Map<Long, VoucherDiscounts.Claimed> out = new TreeMap<>();
        if (request.voucherIds() == null) {
            return out;
        }
        Set<Long> wanted = new TreeSet<>(request.voucherIds());
        Instant now = Instant.now();
        for (VoucherDiscounts.Claimed v : held) {
            wanted.remove(v.voucherId());
            if (!sellers.contains(v.sellerId())) {
                throw ProblemException.conflict("voucher-not-applicable", "Voucher " + v.voucherId()
                        + " is for a seller with nothing in this checkout");
            }
            if (!now.isBefore(v.endsAt())) {
                throw ProblemException.conflict("voucher-ended", "Voucher " + v.voucherId() + " has ended");
            }
            if (out.put(v.sellerId(), v) != null) {
                throw ProblemException.badRequest("one-voucher-per-seller", "At most one voucher applies to a seller's order");
            }
        }
        if (!wanted.isEmpty()) {
            throw ProblemException.conflict("voucher-unavailable", "You hold no unused claim of voucher(s) " + wanted);
        }
        return out;
    }

    private static List<Order> newOrders(CurrentUser buyer, Quote quote, long checkoutId, String paymentId) {
        Instant now = Instant.now();
        List<Order> out = new ArrayList<>();
        for (Quote.SellerPart part : quote.sellers()) {
            Order o = new Order();
            o.buyerId = buyer.id();
            o.sellerId = part.sellerId();
            o.status = OrderStatus.PAID;
            o.source = OrderSource.CHECKOUT;
            o.currency = quote.currency();
            o.subtotalMinor = part.subtotalMinor();
            o.shippingMinor = part.shippingMinor();
            o.discountMinor = part.discountMinor();
            o.totalMinor = part.totalMinor();
            o.paymentId = paymentId;
            o.paidAt = now;
            o.createdAt = now;
            o.updatedAt = now;
            o.checkoutId = checkoutId;
            o.addressId = quote.addressId();
            o.shipTo = quote.shipTo();
            for (CartRow r : part.lines()) {
                OrderLine line = new OrderLine();
                line.productId = r.productId();
                line.title = r.title();
                line.quantity = r.quantity();
                line.unitPriceMinor = r.priceMinor();
                line.streamId = r.streamId();
                o.addLine(line);
            }
            out.add(o);
        }
        return out;
    }

    private static CheckoutView view(List<Order> written, Quote quote, String paymentId) {
        List<CheckoutView.SellerOrder> sellerOrders = written.stream().map(o -> new CheckoutView.SellerOrder(o.id,
                o.sellerId, o.subtotalMinor, o.shippingMinor, o.discountMinor, o.totalMinor, o.status)).toList();
        return new CheckoutView(written.get(0).checkoutId, quote.chargeMinor(), quote.currency(), paymentId, sellerOrders);
    }

    private static CheckoutResult replay(CheckoutRepository.Stored earlier, String fingerprint) {
        if (!fingerprint.equals(earlier.fingerprint())) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        return new CheckoutResult(earlier.view(), true);
    }

    private static String fingerprint(CheckoutRequest r) {
        return Fingerprint.of("checkout", r.addressId(), r.cardToken(),
                r.productIds() == null ? null : new TreeSet<>(r.productIds()),
                r.voucherIds() == null ? null : new TreeSet<>(r.voucherIds()));
    }
}
