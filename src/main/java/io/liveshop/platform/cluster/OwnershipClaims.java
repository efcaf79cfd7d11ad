package io.liveshop.platform.cluster;

import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cluster mode: who runs each owned item, decided in PostgreSQL ({@code cluster_ownership}) rather than by a
 * conditional write on a non-transactional replicated cache, which Infinispan does not keep exact across topology
 * changes (ISPN-3422: a retried {@code replace} can succeed for two nodes). The {@link Ownership} cache stays the
 * fast read; only its winner writes it, after winning here. Writers of an item's effects call {@link #fence} in
 * their transaction. Nothing here runs with clustering off.
 */
@ApplicationScoped
public class OwnershipClaims {

    private static final Uni<Void> NOTHING = Uni.createFrom().voidItem();

    private final Pool pool;
    private final Cluster cluster;

    OwnershipClaims(Pool pool, Cluster cluster) {
        this.pool = pool;
        this.cluster = cluster;
    }

    /** True when clustering is on: only then are items owned and their writes fenced. */
    public boolean fencing() {
        return cluster.enabled();
    }

    /** {@code node} just created the item: it runs it. */
    Uni<Void> started(String kind, long id, String node) {
        // on a connection, not the pool: see SaleStore on vertx-sql-client#1706
        return pool.withConnection(conn -> conn.preparedQuery("""
                insert into cluster_ownership as o (kind, id, node, epoch) values ($1, $2, $3, 1)
                on conflict (kind, id) do update set node = excluded.node, epoch = o.epoch + 1""")
                .execute(Tuple.of(kind, id, node))).replaceWithVoid();
    }

    /**
     * {@code node} takes the item over from {@code previous} (its owner as last seen, null if none), or takes an
     * item nobody has; a recorded owner that is not {@code alive} is replaced as well. One conditional statement
     * decides, so of concurrent claimers exactly one wins. Returns the owner afterwards ({@code node} if it won).
     */
    public Uni<String> claim(String kind, long id, String node, String previous, Predicate<String> alive) {
        return claim(kind, id, node, previous, alive, 2);
    }

    private Uni<String> claim(String kind, long id, String node, String previous, Predicate<String> alive, int tries) {
        return pool.withConnection(conn -> conn.preparedQuery("""
                insert into cluster_ownership as o (kind, id, node, epoch) values ($1, $2, $3, 1)
                on conflict (kind, id) do update set node = excluded.node, epoch = o.epoch + 1
                    where o.node = $4::varchar
                returning o.node""").execute(Tuple.of(kind, id, node, previous))
                .flatMap(won -> won.size() == 1 ? Uni.createFrom().item(node) : owner(conn, kind, id)))
                .flatMap(owner -> owner == null || owner.equals(node) || owner.equals(previous) || alive.test(owner)
                        || tries <= 1 ? Uni.createFrom().item(owner)
                        : claim(kind, id, node, owner, alive, tries - 1));
    }

    /**
     * Inside a transaction that writes effects of these items: locks their rows ({@code FOR SHARE}, so a claimer
     * waits until the transaction ends) and fails it unless this node runs every one of them. Nothing with
     * clustering off.
     */
    public Uni<Void> fence(SqlConnection transaction, String kind, Set<Long> ids) {
        return cluster.enabled() ? fence(transaction, kind, ids, cluster.nodeName()) : NOTHING;
    }

    Uni<Void> fence(SqlConnection transaction, String kind, Set<Long> ids, String node) {
        return transaction.preparedQuery("""
                select id from cluster_ownership where kind = $1 and id = any($2) and node = $3
                order by id for share""")
                .execute(Tuple.of(kind, ids.toArray(Long[]::new), node))
                .map(held -> {
                    if (held.size() != ids.size()) {
                        throw new ProblemException(503, "Service Unavailable", kind + "-owner-moved", "Another node runs this "
                                + kind + " now; nothing was written, try again", null);
                    }
                    return null;
                });
    }

    private static Uni<String> owner(SqlConnection conn, String kind, long id) {
        return conn.preparedQuery("select node from cluster_ownership where kind = $1 and id = $2")
                .execute(Tuple.of(kind, id)).map(OwnershipClaims::first);
    }

    private static String first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next().getString(0) : null;
    }
}
