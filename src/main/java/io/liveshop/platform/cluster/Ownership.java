package io.liveshop.platform.cluster;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import io.liveshop.platform.ProblemException;
import org.infinispan.Cache;
import org.jboss.logging.Logger;

/**
 * Cluster mode: which node runs each item of a kind (flash sales, auctions, vouchers), recorded in a replicated
 * cache (id → node name). An item belongs to the node that started it (or first needed it); other nodes forward
 * to it ({@link NodeCalls}). When the owner leaves the cluster, the survivor that wins the claim in PostgreSQL
 * ({@link OwnershipClaims}: exactly one wins) writes itself into the cache and rebuilds the item from the
 * database. Ownership never moves while its owner lives. With clustering off this node owns everything and
 * nothing here runs.
 */
public final class Ownership {

    private static final Logger LOG = Logger.getLogger(Ownership.class);

    private final Cluster cluster;
    private final NodeCalls calls;
    private final OwnershipClaims claims;
    private final String kind;
    private final Cache<Long, String> owners;

    /**
     * {@code cacheName}: one of the {@link Cluster} constants; {@code kind} names the items in logs, forwarded
     * calls go to {@code /internal/cluster/<kind>s/<id>/<action>} and an owner that does not answer is a 503
     * {@code <kind>-owner-unavailable}.
     */
    public Ownership(Cluster cluster, NodeCalls calls, OwnershipClaims claims, String cacheName, String kind) {
        this.cluster = cluster;
        this.calls = calls;
        this.claims = claims;
        this.kind = kind;
        this.owners = cluster.replicated(cacheName);
    }

    /**
     * {@code here} on the owner (always, single node: no cache read, no extra step), else {@code action} with
     * {@code body} on the owner node, its answer read as {@code answer}.
     */
    public <T> Uni<T> route(long id, Supplier<Uni<T>> here, String action, Supplier<Object> body, Class<T> answer) {
        if (!cluster.enabled()) {
            return here.get();
        }
        return ownerOf(id).flatMap(owner -> cluster.nodeName().equals(owner) ? here.get()
                : calls.call(owner, "/internal/cluster/" + kind + "s/" + id + "/" + action, body.get(), answer,
                        new ProblemException(503, "Service Unavailable", kind + "-owner-unavailable", "The node running this "
                                + kind + " did not answer and nothing was taken; try again with the same key", null)));
    }

    public boolean clustered() {
        return cluster.enabled();
    }

    /** True if this node runs the item (always, single node); claims an item nobody living owns. */
    public Uni<Boolean> mine(long id) {
        if (!cluster.enabled()) {
            return Uni.createFrom().item(true);
        }
        String me = cluster.nodeName();
        return ownerOf(id).map(me::equals);
    }

    /** The item's owner as this node knows it: the cache, or, when that names nobody living, a claim. */
    private Uni<String> ownerOf(long id) {
        String owner = owners.get(id);
        if (owner != null && (owner.equals(cluster.nodeName()) || cluster.isMember(owner))) {
            return Uni.createFrom().item(owner);
        }
        return claim(id, owner);
    }

    /** The owner's node name (after {@link #mine} said false). */
    public String owner(long id) {
        return owners.get(id);
    }

    /** An item this node just started: it runs it. */
    public Uni<Void> started(long id) {
        if (!cluster.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String me = cluster.nodeName();
        return onCaller(claims.started(kind, id, me)
                .flatMap(x -> Uni.createFrom().completionStage(owners.putAsync(id, me))).replaceWithVoid());
    }

    /**
     * Takes the item over from {@code previous} (a departed owner, or null), decided in PostgreSQL; the winner then
     * writes itself into the cache. Returns the owner afterwards.
     */
    private Uni<String> claim(long id, String previous) {
        String me = cluster.nodeName();
        return onCaller(claims.claim(kind, id, me, previous, cluster::isMember)
                .flatMap(owner -> me.equals(owner)
                        ? Uni.createFrom().completionStage(owners.putAsync(id, me)).replaceWith(owner)
                        : Uni.createFrom().item(owner)));
    }

    /**
     * Items whose owner left: this node tries to take each over and, if it wins, rebuilds it with {@code rebuild}
     * (from the database). Call from a {@link Cluster.MembersChanged} observer.
     */
    public void takeOver(List<String> left, LongFunction<Uni<?>> rebuild) {
        if (left.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, String> entry : owners.entrySet()) {
            if (left.contains(entry.getValue())) {
                long id = entry.getKey();
                claim(id, entry.getValue())
                        .flatMap(owner -> cluster.nodeName().equals(owner) ? rebuild.apply(id).invoke(
                                x -> LOG.infof("%s %d taken over from %s", kind, id, entry.getValue()))
                                : Uni.createFrom().item(false))
                        .subscribe().with(x -> { }, f -> LOG.errorf(f, "Taking over %s %d failed", kind, id));
            }
        }
    }

    private static <T> Uni<T> onCaller(Uni<T> uni) {
        Context caller = Vertx.currentContext();
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(v -> task.run()));
    }
}
