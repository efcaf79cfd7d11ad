package io.liveshop.auction;

import static io.liveshop.auction.AuctionFixtures.awaitClosed;
import static io.liveshop.auction.AuctionFixtures.bids;
import static io.liveshop.auction.AuctionFixtures.lot;
import static io.liveshop.auction.AuctionFixtures.start;
import static io.liveshop.auction.AuctionFixtures.view;
import static io.liveshop.testing.Api.stockOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A last-second bid war at scale: 2,000 bidders, most of whom send in the final second of a SUDDEN_DEATH auction,
 * plain and max bids mixed, each bidding again at the answered minimum while it is outbid; a few send only after
 * the end instant. One test JVM holds both sides of every connection (about 4,000 files here, under the 20,000
 * limit).
 */
@QuarkusTest
class AuctionBurstTest {

    private static final int BIDDERS = 2_000;
    private static final int MAX_BIDS_EACH = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** One answered bid. {@code sentAfterEnd}: sent when the client's clock (the server's) was past the end. */
    private record Answer(String bidderId, String key, boolean max, long amount, int status, String outcome,
            long minNext, boolean sentAfterEnd) {

        boolean accepted() {
            return "LEADING".equals(outcome) || "OUTBID".equals(outcome);
        }
    }

    @Test
    void twoThousandBiddersInTheLastSecondGetOneWinnerAtTheLastAcceptedBid() throws Exception {
        AuctionFixtures.Lot lot = lot(2);
        String prefix = Api.unique("burst");
        List<String> tokens = AuctionFixtures.viewers(prefix, BIDDERS);
        ExecutorService callbacks = Executors.newFixedThreadPool(4);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks).build();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try {
            long id = start(lot, 1000, 5, "SUDDEN_DEATH");
            Instant endsAt = Instant.parse(view(id).getString("endsAt"));
            long endMillis = endsAt.toEpochMilli();
            Random random = new Random(16);
            List<CompletableFuture<Void>> wars = new ArrayList<>();
            for (int i = 0; i < BIDDERS; i++) {
                String bidderId = prefix + "-" + (i + 1);
                String token = tokens.get(i);
                boolean max = i % 4 == 0;
                int roll = random.nextInt(100);
                // 12 % early (the 3 s before the last second), 85 % in the last second, 3 % just after the end
                long at = roll < 12 ? endMillis - 4_000 + random.nextInt(3_000)
                        : roll < 97 ? endMillis - 1_000 + random.nextInt(1_000)
                        : endMillis + random.nextInt(150);
                // a bidder's guess of the going price grows towards the end, with noise
                long guess = 1000 + Math.max(0, (at - (endMillis - 4_000))) * 3 + random.nextInt(40) * 50L;
                long amount = max ? guess + 500 + random.nextInt(20) * 100L : guess;
                CompletableFuture<Void> war = new CompletableFuture<>();
                wars.add(war);
                long delay = Math.max(0, at - System.currentTimeMillis());
                timer.schedule(() -> bidUntilLeadingOrDone(http, id, bidderId, token, max, amount, 1, endMillis, answers,
                        failures, war), delay, TimeUnit.MILLISECONDS);
            }
            CompletableFuture.allOf(wars.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            assertTrue(failures.isEmpty(), "every bid got an HTTP answer: " + failures.peek());

            JsonPath v = awaitClosed(id);
            assertEquals("CLOSED", v.getString("status"), v.prettify());
            AuctionFixtures.assertInvariants(id);

            List<Map<String, Object>> rows = bids(id);
            List<Answer> all = new ArrayList<>(answers);
            long accepted = all.stream().filter(Answer::accepted).count();
            long firstBids = all.stream().filter(a -> a.key().endsWith("-1")).count();
            assertTrue(accepted > 1, "the war was fought: " + accepted + " accepted");
            assertEquals(accepted, rows.stream().filter(r -> !Boolean.TRUE.equals(r.get("auto"))).count(),
                    "every LEADING/OUTBID answer is a durable bid, and nothing else is");
            Set<String> refusedKinds = new HashSet<>();
            for (Answer a : all) {
                assertEquals(a.accepted() ? 201 : 200, a.status(), a.toString());
                if (!a.accepted()) {
                    refusedKinds.add(a.outcome());
                }
                if (a.sentAfterEnd()) {
                    assertEquals("ENDED", a.outcome(), "a bid sent after the end is refused: " + a);
                }
            }
            assertTrue(Set.of("TOO_LOW", "ENDED").containsAll(refusedKinds), refusedKinds.toString());
            assertTrue(all.stream().anyMatch(Answer::sentAfterEnd), "some bids raced the close");
            assertEquals(BIDDERS, firstBids, "every bidder bid once at least");

            Map<String, Object> last = rows.get(rows.size() - 1);
            assertEquals(last.get("bidderId"), v.getString("winnerId"), "the winner is the last accepted bid");
            assertEquals(AuctionFixtures.amount(last), v.getLong("priceMinor"));
            assertTrue(v.getBoolean("reserveMet"));
            assertEquals(1, stockOf(lot.productId()), "one unit sold, the other stays in stock");
        } finally {
            timer.shutdownNow();
            callbacks.shutdownNow();
        }
    }

    /**
     * One bid; while the bidder is outbid (or too low) and the end has not passed, it bids again at the answered
     * minimum (up to {@link #MAX_BIDS_EACH} bids). A max bidder raises its max.
     */
    private void bidUntilLeadingOrDone(HttpClient http, long id, String bidderId, String token, boolean max,
            long amount, int attempt, long endMillis, ConcurrentLinkedQueue<Answer> answers,
            ConcurrentLinkedQueue<Throwable> failures, CompletableFuture<Void> done) {
        String key = bidderId + "-" + attempt;
        String field = max ? "maxAmountMinor" : "amountMinor";
        boolean afterEnd = System.currentTimeMillis() > endMillis;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                        + "/api/auctions/" + id + "/bids"))
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"" + field + "\":" + amount + "}")).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                failures.add(failure);
                done.complete(null);
                return;
            }
            try {
                JsonNode body = JSON.readTree(response.body());
                Answer a = new Answer(bidderId, key, max, amount, response.statusCode(), body.path("outcome").asText(),
                        body.path("minNextBidMinor").asLong(), afterEnd);
                answers.add(a);
                boolean again = ("OUTBID".equals(a.outcome()) || "TOO_LOW".equals(a.outcome()))
                        && attempt < MAX_BIDS_EACH && System.currentTimeMillis() < endMillis;
                if (again) {
                    long next = max ? a.minNext() + 1_000 : a.minNext();
                    bidUntilLeadingOrDone(http, id, bidderId, token, max, next, attempt + 1, endMillis, answers,
                            failures, done);
                } else {
                    done.complete(null);
                }
            } catch (Exception e) {
                failures.add(new IllegalStateException(response.statusCode() + " " + response.body(), e));
                done.complete(null);
            }
        });
    }
}
