package io.liveshop.platform.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three packaged nodes in one cluster on loopback against one PostgreSQL: viewers on every node see every pin in
 * the same order with the same sequence numbers and epoch; a rush with buyers on every node sells exactly the
 * allocation; killing the node that runs a sale mid-rush loses no order a buyer was told WON, the sale goes on
 * from a survivor and the killed node's viewers resume there without a gap. Also: per-user frames cross nodes,
 * auctions and vouchers stay exact with users on every node (and an auction survives its node), pages a node holds
 * in memory follow changes made through another, and a process without the cluster secret cannot join.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private ClusterNodes cluster;
    private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
    private long streamId;
    private String hostToken;
    private List<Long> products;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.exists(ClusterNodes.JAR), "the packaged application is built in the package phase");
        cluster = new ClusterNodes(3);
        cluster.startAll();
        JsonNode seeded = post(0, "/api/loadtest/seed", null, Map.of("products", 3, "stock", 1000), null).body;
        streamId = seeded.get("streamId").asLong();
        hostToken = seeded.get("hostToken").asText();
        products = new ArrayList<>();
        seeded.get("productIds").forEach(p -> products.add(p.asLong()));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void viewersOnEveryNodeSeeEveryPinInOrderWithTheSameSequence() throws Exception {
        List<String> tokens = tokens("pin-viewer", 6);
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            viewers.add(new Viewer(cluster.nodes.get(i % 3).ws(), streamId, tokens.get(i), null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream().allMatch(v -> v.first() != null));
        String epoch = viewers.get(0).first().path("epoch").asText();
        for (Viewer v : viewers) {
            assertEquals("snapshot", v.first().path("type").asText());
            assertEquals(epoch, v.first().path("epoch").asText(), "one epoch per stream, cluster-wide");
        }
        int pins = 12;
        for (int i = 0; i < pins; i++) {
            // host commands on any node
            Response pinned = post(i % 3, "/api/streams/" + streamId + "/pin", hostToken,
                    Map.of("productId", products.get(i % products.size())), null);
            assertEquals(200, pinned.status, pinned.body.toString());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> viewers.stream().allMatch(v -> v.ofType("pinned").size() >= pins));
        List<String> reference = pinsOf(viewers.get(0));
        assertEquals(pins, reference.size());
        for (Viewer v : viewers) {
            assertEquals(reference, pinsOf(v), "same pins, same order, same seq on every node");
            assertContiguous(v.first().path("seq").asLong(), v.eventSeqs());
        }
        viewers.forEach(Viewer::close);
    }

    @Test
    @Order(2)
    void aRushWithBuyersOnEveryNodeSellsExactlyTheAllocation() throws Exception {
        int allocation = 30;
        long saleId = startSale(0, allocation);
        List<String> buyers = tokens("rush-buyer", 90);
        Map<String, JsonNode> answers = rush(saleId, buyers, null);
        List<JsonNode> won = answers.values().stream().filter(a -> "WON".equals(a.path("outcome").asText())).toList();
        assertEquals(allocation, won.size(), "exactly the allocation is sold");
        assertEquals(90 - allocation, answers.values().stream()
                .filter(a -> "SOLD_OUT".equals(a.path("outcome").asText())).count());
        assertEquals(allocation, won.stream().map(a -> a.get("orderId").asLong()).distinct().count());
        assertEquals(allocation, ordersOfSale(saleId).size());
        // a retry on another node returns the same order
        for (int i = 0; i < buyers.size(); i++) {
            JsonNode first = answers.get(buyers.get(i));
            if ("WON".equals(first.path("outcome").asText())) {
                JsonNode again = buy((i + 1) % 3, buyers.get(i), saleId, "rush-" + i);
                assertEquals("WON", again.path("outcome").asText(), again.toString());
                assertEquals(first.get("orderId").asLong(), again.get("orderId").asLong());
            }
        }
        JsonNode invariant = get(2, "/api/sales/" + saleId + "/invariant", hostToken).body;
        assertTrue(invariant.get("holds").asBoolean(), invariant.toString());
        assertEquals(allocation, invariant.path("database").path("held").asInt(), invariant.toString());
    }

    @Test
    @Order(3)
    void aUserOnAnotherNodeGetsTheOrderStatusOfAPaymentMadeElsewhere() throws Exception {
        long saleId = startSale(0, 5);
        String token = tokens("status-buyer", 1).get(0);
        Viewer onB = new Viewer(cluster.nodes.get(1).ws(), streamId, token, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.first() != null);
        JsonNode won = buy(2, token, saleId, "status-1");
        assertEquals("WON", won.path("outcome").asText(), won.toString());
        long orderId = won.get("orderId").asLong();
        // the REST buy's answer, given on node 2 by the sale's owner (node 0), is pushed to the socket on node 1
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.ofType("sale.buy-answer").stream()
                .anyMatch(f -> f.path("data").path("orderId").asLong() == orderId));
        Response address = post(2, "/api/addresses", token, Map.of("name", "Cluster Buyer", "line1", "1 Node Street",
                "city", "Lyon", "postalCode", "69001", "country", "FR"), null);
        assertTrue(address.status == 200 || address.status == 201, address.body.toString());
        Response paid = post(2, "/api/orders/" + orderId + "/payment", token, Map.of("cardToken", "tok_visa"), null);
        assertEquals(200, paid.status, paid.body.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.ofType("order").stream()
                .anyMatch(f -> f.path("data").path("orderId").asLong() == orderId
                        && "PAID".equals(f.path("data").path("status").asText())));
        onB.close();
    }

    @Test
    @Order(4)
    void anAuctionWithBiddersOnEveryNodeEndsWithOneWinnerAtTheRightPrice() throws Exception {
        Response started = post(1, "/api/auctions", hostToken, Map.of("streamId", streamId, "productId", products.get(2),
                "startingPriceMinor", 1000, "durationSeconds", 15, "mode", "SUDDEN_DEATH"), null);
        assertEquals(201, started.status, started.body.toString());
        long auctionId = started.body.get("id").asLong();
        // a co-host named through node 0 while node 1 runs the auction may not bid from then on, through any node
        // (a too-low probe is TOO_LOW until the change notice reached node 1, then 403; nothing is recorded)
        String coHostId = "auction-cohost-" + auctionId;
        String coHost = tokens(coHostId, 1).get(0);
        Response named = post(0, "/api/streams/" + streamId + "/cohosts", hostToken, Map.of("userId", coHostId + "-1"),
                null);
        assertEquals(200, named.status, named.body.toString());
        AtomicInteger probes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(400)).until(() -> post(2, "/api/auctions/"
                + auctionId + "/bids", coHost, Map.of("amountMinor", 1), "probe-" + probes.incrementAndGet()).status == 403);
        assertEquals(403, post(1, "/api/auctions/" + auctionId + "/bids", coHost, Map.of("amountMinor", 50_000),
                "probe-owner").status);
        String prefix = "auction-bidder-" + auctionId;
        List<String> bidders = tokens(prefix, 9);
        Map<Integer, JsonNode> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < bidders.size(); i++) {
                int b = i;
                done.add(pool.submit(() -> answers.put(b, bid(b % 3, bidders.get(b), auctionId, "bid-" + b,
                        2000 + b * 1000L))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // a retry on another node gets the first answer
        for (int i = 0; i < bidders.size(); i++) {
            JsonNode again = bid((i + 1) % 3, bidders.get(i), auctionId, "bid-" + i, 2000 + i * 1000L);
            assertEquals(answers.get(i).path("outcome").asText(), again.path("outcome").asText(), again.toString());
            if (Set.of("LEADING", "OUTBID").contains(again.path("outcome").asText())) {
                assertTrue(again.path("replayed").asBoolean(), again.toString());
            }
        }
        JsonNode closed = null;
        for (int attempt = 0; attempt < 120 && closed == null; attempt++) {
            JsonNode view = get(attempt % 3, "/api/auctions/" + auctionId, hostToken).body;
            if ("CLOSED".equals(view.path("status").asText())) {
                closed = view;
            } else {
                Thread.sleep(500);
            }
        }
        assertTrue(closed != null, "the auction closed");
        assertEquals(prefix + "-9", closed.path("winnerId").asText(), closed.toString());
        assertEquals(10_000, closed.path("priceMinor").asLong(), closed.toString());
        for (int node = 0; node < 3; node++) {
            JsonNode view = get(node, "/api/auctions/" + auctionId, hostToken).body;
            assertEquals(closed.path("winnerId").asText(), view.path("winnerId").asText(), "same winner on every node");
            assertEquals(closed.path("orderId").asLong(), view.path("orderId").asLong());
        }
        assertEquals(1, count("select count(*) from orders where idempotency_key = ?", "auction-" + auctionId + "-win"),
                "exactly one winner's order");
        // the auction invariants: accepted bids strictly increase, all before the end, the count matches, the winner
        // holds the last bid and its order's total is the final price
        JsonNode rows = get(2, "/api/auctions/" + auctionId + "/bids", hostToken).body;
        Instant endsAt = Instant.parse(closed.path("endsAt").asText());
        assertEquals(closed.path("bidCount").asInt(), rows.size(), rows.toString());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(i == 0 || rows.get(i).path("amountMinor").asLong() > rows.get(i - 1).path("amountMinor").asLong(),
                    rows.toString());
            assertTrue(Instant.parse(rows.get(i).path("placedAt").asText()).isBefore(endsAt), rows.toString());
            assertTrue(!coHostId.concat("-1").equals(rows.get(i).path("bidderId").asText()), "the co-host never bid");
        }
        JsonNode last = rows.get(rows.size() - 1);
        assertEquals(closed.path("winnerId").asText(), last.path("bidderId").asText());
        assertEquals(closed.path("priceMinor").asLong(), last.path("amountMinor").asLong());
        JsonNode order = get(0, "/api/orders/" + closed.path("orderId").asLong(), bidders.get(8)).body;
        assertEquals(closed.path("priceMinor").asLong(), order.path("totalMinor").asLong(), order.toString());
        assertEquals("AUCTION", order.path("source").asText(), order.toString());
    }

    @Test
    @Order(5)
    void aVoucherDropClaimedOnEveryNodeGivesExactlyItsQuantity() throws Exception {
        int quantity = 10;
        Instant now = Instant.now();
        Response voucher = post(0, "/api/vouchers", hostToken, Map.of("code", "IT-" + System.nanoTime(), "kind", "FIXED",
                "amountMinor", 100, "minSpendMinor", 0, "quantity", quantity, "perBuyerLimit", 1,
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plusSeconds(3600).toString(),
                "streamId", streamId), null);
        assertEquals(201, voucher.status, voucher.body.toString());
        long voucherId = voucher.body.get("id").asLong();
        // the host drops it from another node than the one that runs it
        Response dropped = post(1, "/api/streams/" + streamId + "/vouchers", hostToken, Map.of("voucherId", voucherId),
                null);
        assertEquals(200, dropped.status, dropped.body.toString());
        // the per-buyer limit holds across nodes: a second claim (a new key) on another node is refused
        List<String> early = tokens("voucher-early-" + voucherId, 5);
        for (int i = 0; i < early.size(); i++) {
            JsonNode first = claim(i % 3, early.get(i), voucherId, "early-" + i);
            assertEquals("CLAIMED", first.path("outcome").asText(), first.toString());
            JsonNode second = claim((i + 1) % 3, early.get(i), voucherId, "early-again-" + i);
            assertEquals("LIMIT_REACHED", second.path("outcome").asText(), second.toString());
        }
        List<String> claimers = tokens("voucher-claimer-" + voucherId, 30);
        Map<Integer, JsonNode> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(15);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < claimers.size(); i++) {
                int c = i;
                done.add(pool.submit(() -> answers.put(c, claim(c % 3, claimers.get(c), voucherId, "claim-" + c))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int left = quantity - early.size();
        long claimed = answers.values().stream().filter(a -> "CLAIMED".equals(a.path("outcome").asText())).count();
        assertEquals(left, claimed, answers.toString());
        assertEquals(claimers.size() - left, answers.values().stream()
                .filter(a -> "GONE".equals(a.path("outcome").asText())).count(), answers.toString());
        assertEquals(quantity, count("select count(*) from voucher_claim where voucher_id = ?", voucherId));
        for (int i = 0; i < claimers.size(); i++) {
            if ("CLAIMED".equals(answers.get(i).path("outcome").asText())) {
                JsonNode again = claim((i + 1) % 3, claimers.get(i), voucherId, "claim-" + i);
                assertEquals("CLAIMED", again.path("outcome").asText(), again.toString());
                assertEquals(answers.get(i).get("claimId").asLong(), again.get("claimId").asLong());
            }
        }
        JsonNode invariant = get(2, "/api/vouchers/" + voucherId + "/invariant", hostToken).body;
        assertTrue(invariant.path("holds").asBoolean(), invariant.toString());
        assertEquals(quantity, invariant.path("claimed").asInt(), invariant.toString());
    }

    @Test
    @Order(6)
    void aProcessWithoutTheClusterSecretDoesNotJoin() throws Exception {
        ClusterNodes.Node stranger = cluster.startStranger("not-the-secret");
        try {
            cluster.awaitReady(stranger); // it serves, alone: its join request never decrypts on the members
            for (ClusterNodes.Node node : cluster.nodes) {
                String log = cluster.log(node);
                int at = log.lastIndexOf("Cluster members now [");
                String members = at < 0 ? "" : log.substring(at, log.indexOf(']', at));
                assertTrue(!members.contains(stranger.name()), "a member let the stranger in: " + members);
            }
            String own = cluster.log(stranger);
            assertTrue(own.contains("joined; members [" + stranger.name() + "]"), "the stranger formed a cluster of its own");
        } finally {
            cluster.kill(stranger);
        }
    }

    @Test
    @Order(7)
    void aPageCachedOnOneNodeShowsAChangeMadeThroughAnother() throws Exception {
        // each page is read on node 1 first, so node 1 holds it in memory, then changed through node 0 only
        assertEquals(200, post(1, "/api/streams/" + streamId + "/pin", hostToken,
                Map.of("productId", products.get(0)), null).status);
        assertEquals(products.get(0), get(1, "/api/streams/" + streamId, null).body.path("pinnedProductId").asLong());
        String path = "/api/products/" + products.get(1);
        int stockBefore = get(1, path, null).body.path("stock").asInt();
        String token = tokens("cached-buyer", 1).get(0);
        assertEquals(0, get(1, "/api/orders", token).body.path("items").size());

        assertEquals(200, post(0, "/api/streams/" + streamId + "/pin", hostToken,
                Map.of("productId", products.get(2)), null).status);
        long saleId = startSale(0, 5);
        int stockAfter = get(0, path, null).body.path("stock").asInt();
        assertTrue(stockAfter < stockBefore, "the sale took its units: " + stockBefore + " -> " + stockAfter);
        JsonNode won = buy(0, token, saleId, "cached-1");
        assertEquals("WON", won.path("outcome").asText(), won.toString());
        long orderId = won.get("orderId").asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> products.get(2)
                .equals(get(1, "/api/streams/" + streamId, null).body.path("pinnedProductId").asLong()));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(1, path, null).body.path("stock").asInt() == stockAfter);
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOnPage(1, token, orderId).equals("PENDING_PAYMENT"));

        Response address = post(0, "/api/addresses", token, Map.of("name", "Cached Buyer", "line1", "2 Node Street",
                "city", "Lyon", "postalCode", "69001", "country", "FR"), null);
        assertTrue(address.status == 200 || address.status == 201, address.body.toString());
        Response paid = post(0, "/api/orders/" + orderId + "/payment", token, Map.of("cardToken", "tok_visa"), null);
        assertEquals(200, paid.status, paid.body.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOnPage(1, token, orderId).equals("PAID"));
    }

    private String statusOnPage(int node, String token, long orderId) throws Exception {
        for (JsonNode order : get(node, "/api/orders", token).body.path("items")) {
            if (order.path("id").asLong() == orderId) {
                return order.path("status").asText();
            }
        }
        return "";
    }

    @Test
    @Order(10)
    void killingTheSalesNodeMidRushLosesNoPromisedOrderAndItsViewersResumeOnASurvivor() throws Exception {
        int allocation = 40;
        long saleId = startSale(0, allocation);
        List<String> viewerTokens = tokens("kill-viewer", 2);
        List<Viewer> onVictim = List.of(new Viewer(cluster.nodes.get(0).ws(), streamId, viewerTokens.get(0), null),
                new Viewer(cluster.nodes.get(0).ws(), streamId, viewerTokens.get(1), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> onVictim.stream().allMatch(v -> v.first() != null));
        String epoch = onVictim.get(0).first().path("epoch").asText();

        // an auction run by the node about to die, with a bid placed through another node
        Response auction = post(0, "/api/auctions", hostToken, Map.of("streamId", streamId, "productId", products.get(2),
                "startingPriceMinor", 1000, "durationSeconds", 75, "mode", "SUDDEN_DEATH"), null);
        assertEquals(201, auction.status, auction.body.toString());
        long auctionId = auction.body.get("id").asLong();
        String bidderPrefix = "takeover-bidder-" + auctionId;
        List<String> bidders = tokens(bidderPrefix, 2);
        JsonNode firstBid = bid(1, bidders.get(0), auctionId, "takeover-1", 5000);
        assertEquals("LEADING", firstBid.path("outcome").asText(), firstBid.toString());

        List<String> buyers = tokens("kill-buyer", 150);
        AtomicInteger answered = new AtomicInteger();
        Map<String, JsonNode> answers = rush(saleId, buyers, () -> {
            if (answered.incrementAndGet() == 20) {
                try {
                    dead.add(0);
                    cluster.kill(cluster.nodes.get(0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertTrue(dead.contains(0) && !cluster.nodes.get(0).process().isAlive());
        List<Long> wonOrders = answers.values().stream().filter(a -> "WON".equals(a.path("outcome").asText()))
                .map(a -> a.get("orderId").asLong()).toList();
        Set<Long> stored = new HashSet<>(ordersOfSale(saleId));
        assertTrue(stored.containsAll(wonOrders), "every order a buyer was told WON is stored");
        assertEquals(wonOrders.size(), new HashSet<>(wonOrders).size());
        Map<String, Long> outcomes = answers.values().stream().collect(java.util.stream.Collectors.groupingBy(
                a -> a.path("outcome").asText(), java.util.stream.Collectors.counting()));
        assertEquals(allocation, wonOrders.size(), "the sale went on from a survivor and sold exactly the allocation: "
                + outcomes + ", stored " + stored.size());
        assertEquals(allocation, stored.size());
        JsonNode invariant = get(1, "/api/sales/" + saleId + "/invariant", hostToken).body;
        assertTrue(invariant.get("holds").asBoolean(), invariant.toString());

        // the killed node's viewers resume on a survivor with since/epoch: no gap, no duplicate
        await().atMost(Duration.ofSeconds(30)).until(() -> onVictim.stream().allMatch(v -> v.closed.isDone()));
        List<Viewer> resumed = new ArrayList<>();
        for (int i = 0; i < onVictim.size(); i++) {
            Viewer old = onVictim.get(i);
            resumed.add(new Viewer(cluster.nodes.get(1 + i).ws(), streamId, viewerTokens.get(i),
                    "&since=" + old.lastSeq() + "&epoch=" + epoch));
        }
        Response pinned = post(2, "/api/streams/" + streamId + "/pin", hostToken, Map.of("productId", products.get(0)), null);
        assertEquals(200, pinned.status);
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.stream().allMatch(v -> !v.ofType("pinned").isEmpty()));
        for (int i = 0; i < resumed.size(); i++) {
            Viewer v = resumed.get(i);
            long since = onVictim.get(i).lastSeq();
            assertEquals(1, v.ofType("resumed").size(), v.frames.toString());
            assertEquals(0, v.ofType("snapshot").size(), "a resume, not a fresh snapshot");
            assertContiguous(since, v.eventSeqs());
            v.close();
        }

        // a survivor took the auction over from the database: the first bid replays, a new one leads, one winner
        JsonNode replayed = bid(2, bidders.get(0), auctionId, "takeover-1", 5000);
        assertEquals("LEADING", replayed.path("outcome").asText(), replayed.toString());
        assertTrue(replayed.path("replayed").asBoolean(), replayed.toString());
        JsonNode secondBid = bid(1, bidders.get(1), auctionId, "takeover-2", 9000);
        assertEquals("LEADING", secondBid.path("outcome").asText(), secondBid.toString());
        JsonNode closed = null;
        for (int attempt = 0; attempt < 200 && closed == null; attempt++) {
            JsonNode view = get(1 + attempt % 2, "/api/auctions/" + auctionId, hostToken).body;
            if ("CLOSED".equals(view.path("status").asText())) {
                closed = view;
            } else {
                Thread.sleep(500);
            }
        }
        assertTrue(closed != null, "the taken-over auction closed");
        assertEquals(bidderPrefix + "-2", closed.path("winnerId").asText(), closed.toString());
        assertEquals(9000, closed.path("priceMinor").asLong(), closed.toString());
        assertEquals(1, count("select count(*) from orders where idempotency_key = ?", "auction-" + auctionId + "-win"));
    }

    // ---------- helpers ----------

    private long startSale(int node, int allocation) throws Exception {
        Response sale = post(node, "/api/sales", hostToken, Map.of("streamId", streamId, "productId", products.get(1),
                "priceMinor", 999, "quantity", allocation, "perBuyerLimit", 1, "durationSeconds", 600), null);
        assertEquals(201, sale.status, sale.body.toString());
        return sale.body.get("id").asLong();
    }

    /** Every buyer buys once (request id {@code rush-<i>}), spread over the nodes, retrying on failures. */
    private Map<String, JsonNode> rush(long saleId, List<String> buyers, Runnable afterEach) throws Exception {
        Map<String, JsonNode> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < buyers.size(); i++) {
                int b = i;
                done.add(pool.submit(() -> {
                    answers.put(buyers.get(b), buy(b % 3, buyers.get(b), saleId, "rush-" + b));
                    if (afterEach != null) {
                        afterEach.run();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }

    /** One answer to a buy: a connection failure or 503 is retried with the same key, on the next live node. */
    private JsonNode buy(int node, String token, long saleId, String key) throws Exception {
        int at = node;
        for (int attempt = 0; attempt < 300; attempt++) {
            while (dead.contains(at % 3)) {
                at++;
            }
            try {
                Response r = post(at % 3, "/api/sales/" + saleId + "/buy", token, null, key);
                if (r.status == 200 || r.status == 201) {
                    return r.body;
                }
                if (r.status != 503 && r.status != 429) {
                    throw new AssertionError("buy answered " + r.status + " " + r.body);
                }
            } catch (IOException nodeGone) {
                at++;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + key);
    }

    /** One answer to a bid: a 503 or 429 is retried with the same key. */
    private JsonNode bid(int node, String token, long auctionId, String key, long amountMinor) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Response r = post(node, "/api/auctions/" + auctionId + "/bids", token, Map.of("amountMinor", amountMinor), key);
            if (r.status == 200 || r.status == 201) {
                return r.body;
            }
            if (r.status != 503 && r.status != 429) {
                throw new AssertionError("bid answered " + r.status + " " + r.body);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + key);
    }

    /** One answer to a voucher claim: a 503 or 429 is retried with the same key. */
    private JsonNode claim(int node, String token, long voucherId, String key) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Response r = post(node, "/api/vouchers/" + voucherId + "/claim", token, null, key);
            if (r.status == 200 || r.status == 201) {
                return r.body;
            }
            if (r.status != 503 && r.status != 429) {
                throw new AssertionError("claim answered " + r.status + " " + r.body);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer for " + key);
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl, "postgres", "postgres");
                var statement = c.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<String> tokens(String prefix, int count) throws Exception {
        JsonNode batch = post(1, "/api/dev/tokens/batch", null, Map.of("prefix", prefix, "count", count,
                "roles", List.of("viewer")), null).body;
        List<String> tokens = new ArrayList<>();
        batch.forEach(t -> tokens.add(t.get("token").asText()));
        return tokens;
    }

    private List<Long> ordersOfSale(long saleId) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl, "postgres", "postgres");
                var statement = c.prepareStatement("select id from orders where sale_id = ?")) {
            statement.setLong(1, saleId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private static List<String> pinsOf(Viewer v) {
        return v.ofType("pinned").stream().map(f -> f.get("seq").asLong() + ":" + f.path("data")).toList();
    }

    private static void assertContiguous(long from, List<Long> seqs) {
        long expected = from + 1;
        for (long seq : seqs) {
            assertEquals(expected, seq, "no gap, no duplicate: " + seqs);
            expected++;
        }
    }

    private record Response(int status, JsonNode body) {
    }

    private Response post(int node, String path, String token, Object body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.nodes.get(node).url() + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(request, token, idempotencyKey);
    }

    private Response get(int node, String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(cluster.nodes.get(node).url() + path)).GET()
                .timeout(Duration.ofSeconds(30)), token, null);
    }

    private static Response send(HttpRequest.Builder request, String token, String idempotencyKey) throws Exception {
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = ClusterNodes.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Response(response.statusCode(), text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
    }
}
