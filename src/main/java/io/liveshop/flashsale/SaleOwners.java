package io.liveshop.flashsale;

import io.liveshop.platform.cluster.Cluster;
import io.liveshop.platform.cluster.NodeCalls;
import io.liveshop.platform.cluster.Ownership;
import io.liveshop.platform.cluster.OwnershipClaims;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.infinispan.Cache;

/**
 * Cluster mode: which node runs each sale's admission. A sale belongs to the node that started it (or first loaded
 * it), recorded in the replicated {@code sale-owners} cache; other nodes forward its buys there, and answer losers
 * themselves once the owner has published that it is sold out ({@code sale-available}). When the owner leaves
 * the cluster (or dies), the survivor that wins the claim in PostgreSQL rebuilds the sale from the database and
 * carries on. Ownership never moves while its owner lives; and the order writer fences every batch on the
 * PostgreSQL owner, so a node that lost a sale (or wrongly believes it still runs it) writes nothing for it.
 */
@ApplicationScoped
public class SaleOwners {

    /** {@code sale-available} value of an ended sale. */
    static final int ENDED = -1;

    private final Cluster cluster;
    private final Cache<Long, String> owners;
    private final Cache<Long, String> available;
    private final Cache<String, String> won;
    private final SaleRecovery recovery;
    private final Ownership ownership;

    SaleOwners(Cluster cluster, NodeCalls calls, OwnershipClaims claims, SaleRecovery recovery) {
        this.cluster = cluster;
        this.recovery = recovery;
        this.ownership = new Ownership(cluster, calls, claims, Cluster.SALE_OWNERS, "sale");
        this.owners = cluster.replicated(Cluster.SALE_OWNERS);
        this.available = cluster.replicated(Cluster.SALE_AVAILABLE);
        this.won = cluster.replicated(Cluster.SALE_WON);
    }

    boolean clustered() {
        return cluster.enabled();
    }

    /** True if this node runs the sale (always, single node); claims a sale nobody living owns. */
    Uni<Boolean> mine(long saleId) {
        return ownership.mine(saleId);
    }

    /** The owner's node name (after {@link #mine} said false). */
    String owner(long saleId) {
        return owners.get(saleId);
    }

    /** A sale this node just started. */
    Uni<Void> started(long saleId) {
        return ownership.started(saleId);
    }

    /** Owner's clock: what non-owners may answer without asking (0 sold out, ENDED, else units left). */
    void announceAvailable(long saleId, int units) {
        if (cluster.enabled()) {
            available.putAsync(saleId, cluster.nodeName() + " " + units);
        }
    }

    /**
     * Non-owner: SOLD_OUT or ENDED when the sale's current owner said so, else null (ask the owner). What a dead
     * owner said is not trusted: its successor may not have recovered the answers of its last buyers yet.
     */
    BuyOutcome knownLoss(long saleId) {
        String said = cluster.enabled() ? available.get(saleId) : null;
        if (said == null) {
            return null;
        }
        int space = said.lastIndexOf(' ');
        int units = Integer.parseInt(said.substring(space + 1));
        if (units > 0 || !said.substring(0, space).equals(owners.get(saleId))) {
            return null;
        }
        return units == ENDED ? BuyOutcome.ENDED : BuyOutcome.SOLD_OUT;
    }

    /** Owner: a WON answer, replicated before it is given, so a retry on any node gets the same order. */
    Uni<Void> rememberWon(String buyerId, String requestId, BuyAnswer answer) {
        if (!cluster.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String value = answer.saleId() + " " + answer.orderId() + " " + answer.payBy();
        Context caller = Vertx.currentContext();
        Uni<Void> put = Uni.createFrom().completionStage(won.putAsync(wonKey(buyerId, requestId), value))
                .replaceWithVoid();
        return caller == null ? put : put.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /** A WON answer given to this request on any node, or null. */
    BuyAnswer won(String buyerId, String requestId) {
        String value = cluster.enabled() ? won.get(wonKey(buyerId, requestId)) : null;
        if (value == null) {
            return null;
        }
        String[] parts = value.split(" ");
        return BuyAnswer.won(Long.parseLong(parts[0]), requestId, Long.parseLong(parts[1]), Instant.parse(parts[2]));
    }

    /** Sales whose owner left: a survivor takes each over and rebuilds it from the database. */
    void membersChanged(@Observes Cluster.MembersChanged change) {
        ownership.takeOver(change.left(), recovery::load);
    }

    private static String wonKey(String buyerId, String requestId) {
        return buyerId + "\u0000" + requestId;
    }
}
