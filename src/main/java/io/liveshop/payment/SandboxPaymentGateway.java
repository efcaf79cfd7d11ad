package io.liveshop.payment;

import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Test-mode provider, like a real provider's sandbox: a fixed set of card tokens approve or decline, and every
 * charge is kept in a ledger so tests (and operators in dev) can see what would have been captured.
 */
@ApplicationScoped
public class SandboxPaymentGateway implements PaymentGateway {

    public static final Map<String, String> DECLINES = Map.of(
            "tok_chargeDeclined", "card_declined",
            "tok_insufficientFunds", "insufficient_funds",
            "tok_expiredCard", "expired_card");
    /** Approves; the first refund of the charge fails as a provider outage would (a retry then succeeds). */
    public static final String REFUND_FAILS_ONCE = "tok_refundFailsOnce";
    public static final java.util.Set<String> APPROVALS = java.util.Set.of("tok_visa", "tok_mastercard", "tok_amex",
            REFUND_FAILS_ONCE);

    public record Charge(String id, String reference, long amountMinor, String currency, ChargeState state) {
    }

    private static final Logger LOG = Logger.getLogger(SandboxPaymentGateway.class);

    private final Map<String, Charge> ledger = new ConcurrentHashMap<>();
    private final java.util.Set<String> refundFailsOnce = ConcurrentHashMap.newKeySet();
    private final io.vertx.mutiny.sqlclient.Pool pool;

    SandboxPaymentGateway(io.vertx.mutiny.sqlclient.Pool pool) {
        this.pool = pool;
    }

    /** Says at start that no real card is charged: loudly when production chose the sandbox explicitly. */
    void announce(@Observes StartupEvent start, PaymentsConfig config) {
        String message = "Payments: the SANDBOX provider is in use (liveshop.payments.provider=" + config.provider()
                + "): no card is ever charged";
        if (ConfigUtils.isProfileActive("prod")) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
    }

    @Override
    public Uni<Authorization> authorize(String reference, long amountMinor, String currency, String cardToken) {
        String decline = DECLINES.get(cardToken);
        if (decline != null) {
            return Uni.createFrom().item(new Authorization(false, null, decline));
        }
        if (!APPROVALS.contains(cardToken)) {
            return Uni.createFrom().failure(ProblemException.invalidField("cardToken", "is not a sandbox card token"));
        }
        String id = "pay_" + UUID.randomUUID().toString().replace("-", "");
        ledger.put(id, new Charge(id, reference, amountMinor, currency, ChargeState.AUTHORIZED));
        if (REFUND_FAILS_ONCE.equals(cardToken)) {
            refundFailsOnce.add(id);
        }
        return Uni.createFrom().item(new Authorization(true, id, null));
    }

    /** Captures and records the captured amount in {@code payment_capture}: the cap on refunds, after a restart too. */
    @Override
    public Uni<Void> capture(String authorizationId) {
        Charge charge = ledger.get(authorizationId);
        if (charge == null || charge.state() != ChargeState.AUTHORIZED) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                insert into payment_capture (payment_id, amount_minor, currency) values ($1, $2, $3)
                on conflict do nothing""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(authorizationId, charge.amountMinor(), charge.currency()))
                .invoke(() -> move(authorizationId, ChargeState.AUTHORIZED, ChargeState.CAPTURED)).replaceWithVoid();
    }

    @Override
    public Uni<Void> voidAuthorization(String authorizationId) {
        return move(authorizationId, ChargeState.AUTHORIZED, ChargeState.VOIDED);
    }

    @Override
    public Uni<Void> refund(String paymentId) {
        return move(paymentId, ChargeState.CAPTURED, ChargeState.REFUNDED);
    }

    /**
     * Partial refunds go to the {@code payment_refund} table (the ledger that survives a restart); never more than
     * the amount recorded in {@code payment_capture} in all (409 {@code refund-exceeds-charge}; 409
     * {@code charge-not-captured} when no capture is recorded). A reference already refunded refunds nothing more.
     */
    @Override
    public Uni<Void> refundPart(String paymentId, long amountMinor, String reference) {
        if (refundFailsOnce.remove(paymentId)) {
            return Uni.createFrom().failure(new ProblemException(502, "Bad Gateway", "refund-failed",
                    "The payment provider failed the refund; it is retried", null));
        }
        io.vertx.mutiny.sqlclient.Tuple payment = io.vertx.mutiny.sqlclient.Tuple.of(paymentId);
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtext($1))").execute(payment)
                .flatMap(x -> tx.preparedQuery("select 1 from payment_refund where reference = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(reference)))
                .flatMap(done -> done.size() > 0 ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                        select (select amount_minor from payment_capture where payment_id = $1),
                               (select coalesce(sum(amount_minor), 0) from payment_refund where payment_id = $1)""")
                        .execute(payment)
                        .flatMap(rows -> {
                            io.vertx.mutiny.sqlclient.Row row = rows.iterator().next();
                            Long captured = row.getLong(0);
                            if (captured == null) {
                                return Uni.createFrom().failure(ProblemException.conflict("charge-not-captured",
                                        "No capture is recorded for this payment"));
                            }
                            if (row.getLong(1) + amountMinor > captured) {
                                return Uni.createFrom().failure(ProblemException.conflict("refund-exceeds-charge",
                                        "Refunds would exceed the captured amount"));
                            }
                            return tx.preparedQuery("""
                                    insert into payment_refund (payment_id, reference, amount_minor) values ($1, $2, $3)""")
                                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(paymentId, reference, amountMinor))
                                    .replaceWithVoid();
                        })));
    }

    /** What was refunded of a charge in part, from the database ledger. */
    public Uni<Long> refundedPart(String paymentId) {
        return pool.preparedQuery("select coalesce(sum(amount_minor), 0) from payment_refund where payment_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(paymentId)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Charge charge(String id) {
        return ledger.get(id);
    }

    /** Total captured and not refunded for one order reference: what the buyer actually paid. */
    public long capturedFor(String reference) {
        return ledger.values().stream()
                .filter(c -> c.reference().equals(reference) && c.state() == ChargeState.CAPTURED)
                .mapToLong(Charge::amountMinor).sum();
    }

    private Uni<Void> move(String id, ChargeState from, ChargeState to) {
        ledger.computeIfPresent(id, (k, c) -> c.state() == from
                ? new Charge(c.id(), c.reference(), c.amountMinor(), c.currency(), to) : c);
        return Uni.createFrom().voidItem();
    }
}
