package io.liveshop.platform.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liveshop.platform.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The claims and the write fence against the test profile's real PostgreSQL (node names are made up here). */
@QuarkusTest
class OwnershipClaimsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis());

    @Inject
    OwnershipClaims claims;

    @Inject
    Pool pool;

    @Test
    void ofConcurrentClaimersOfADepartedOwnersSaleExactlyOneWins() {
        for (int round = 0; round < 20; round++) {
            long id = IDS.incrementAndGet();
            claims.started("sale", id, "dead").await().atMost(WAIT);
            List<Uni<String>> claimers = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                claimers.add(claims.claim("sale", id, "node-" + n, "dead", node -> !node.equals("dead")));
            }
            List<?> owners = Uni.join().all(claimers).andFailFast().await().atMost(WAIT);
            String winner = (String) owners.get(0);
            assertEquals(Set.of(winner), Set.copyOf(owners), "every claimer sees the same owner");
            long winners = 0;
            for (int n = 0; n < owners.size(); n++) {
                if (owners.get(n).equals("node-" + n)) {
                    winners++;
                }
            }
            assertEquals(1, winners, "exactly one claimer won: " + owners);
            assertEquals(winner, row(id).node());
            assertEquals(2, row(id).epoch(), "one move");
        }
    }

    @Test
    void ofConcurrentFirstClaimsExactlyOneWins() {
        long id = IDS.incrementAndGet();
        List<?> owners = Uni.join().all(claims.claim("auction", id, "a", null, node -> true),
                claims.claim("auction", id, "b", null, node -> true)).andFailFast().await().atMost(WAIT);
        assertEquals(owners.get(0), owners.get(1));
        assertEquals(owners.get(0), row(id, "auction").node());
        assertEquals(1, row(id, "auction").epoch());
    }

    @Test
    void aLivingOwnerIsNotReplacedAndADeadOneTheCacheNeverNamedIs() {
        long id = IDS.incrementAndGet();
        claims.started("voucher", id, "a").await().atMost(WAIT);
        assertEquals("a", claims.claim("voucher", id, "b", null, node -> true).await().atMost(WAIT));
        // after a whole-cluster restart nobody's cache names the old owner
        assertEquals("b", claims.claim("voucher", id, "b", null, node -> !node.equals("a")).await().atMost(WAIT));
        assertEquals("b", claims.claim("voucher", id, "b", "a", node -> true).await().atMost(WAIT), "already b's");
    }

    @Test
    void aClaimWaitsForTheOwnersFencedBatchAndThenTheOldOwnerCannotWrite() {
        long id = IDS.incrementAndGet();
        claims.started("sale", id, "old").await().atMost(WAIT);
        SqlConnection conn = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction tx = conn.begin().await().atMost(WAIT);
            claims.fence(conn, "sale", Set.of(id), "old").await().atMost(WAIT);
            CompletableFuture<String> claim = claims.claim("sale", id, "new", "old", node -> !node.equals("old"))
                    .subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> waitingOnALock(id));
            assertFalse(claim.isDone(), "the claim waits for the batch holding the sale");
            tx.commit().await().atMost(WAIT);
            assertEquals("new", claim.join());

            Transaction late = conn.begin().await().atMost(WAIT);
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> claims.fence(conn, "sale", Set.of(id), "old").await().atMost(WAIT));
            assertEquals(503, refused.status());
            late.rollback().await().atMost(WAIT);
        } finally {
            conn.close().await().atMost(WAIT);
        }
    }

    @Test
    void theFenceAsksForEverySaleOfTheBatch() {
        long mine = IDS.incrementAndGet();
        long other = IDS.incrementAndGet();
        claims.started("sale", mine, "me").await().atMost(WAIT);
        claims.started("sale", other, "someone").await().atMost(WAIT);
        pool.withTransaction(tx -> claims.fence(tx, "sale", Set.of(mine), "me")).await().atMost(WAIT);
        assertThrows(ProblemException.class, () -> pool.withTransaction(
                tx -> claims.fence(tx, "sale", Set.of(mine, other), "me")).await().atMost(WAIT));
    }

    private boolean waitingOnALock(long id) {
        return pool.withConnection(c -> c.query("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and query like '%cluster_ownership%'").execute())
                .map(rows -> rows.iterator().next().getLong(0) > 0).await().atMost(WAIT);
    }

    private record Row(String node, long epoch) {
    }

    private Row row(long id) {
        return row(id, "sale");
    }

    private Row row(long id, String kind) {
        return pool.withConnection(c -> c.preparedQuery("select node, epoch from cluster_ownership where kind = $1 and id = $2")
                .execute(Tuple.of(kind, id)))
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new Row(r.getString(0), r.getLong(1));
                }).await().atMost(WAIT);
    }
}
