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
    public static final java.util.Set<String> APPROVALS = java.util.Set.of("tok_visa", "tok_mastercard", "tok_amex");

    public record Charge(String id, String reference, long amountMinor, String currency, ChargeState state) {
    }

    private static final Logger LOG = Logger.getLogger(SandboxPaymentGateway.class);

    private final Map<String, Charge> ledger = new ConcurrentHashMap<>();
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
        return Uni.createFrom().item(new Authorization(true, id, null));
    }

    @Override
    public Uni<Void> capture(String authorizationId) {
        return move(authorizationId, ChargeState.AUTHORIZED, ChargeState.CAPTURED);
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
     * the captured amount in all.
     */
    @Override
    public Uni<Void> refundPart(String paymentId, long amountMinor, String reference) {
        Charge charge = ledger.get(paymentId);
        long captured = charge == null ? Long.MAX_VALUE : charge.amountMinor();
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(paymentId))
                .flatMap(x -> tx.preparedQuery("select coalesce(sum(amount_minor), 0) from payment_refund where payment_id = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(paymentId)))
                .flatMap(rows -> {
                    long refunded = rows.iterator().next().getLong(0);
                    if (refunded + amountMinor > captured) {
                        return Uni.createFrom().failure(ProblemException.conflict("refund-exceeds-charge",
                                "Refunds would exceed the captured amount"));
                    }
                    return tx.preparedQuery("""
                            insert into payment_refund (payment_id, reference, amount_minor) values ($1, $2, $3)
                            on conflict (reference) do nothing""")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(paymentId, reference, amountMinor));
                })).replaceWithVoid();
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
