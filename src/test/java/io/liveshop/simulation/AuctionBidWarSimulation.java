package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 5, auction bid war: {@code buyers} distinct users each read the auction and bid its quick-bid amount
 * over HTTP, spread over the SUDDEN_DEATH auction's last {@code duration} seconds, then retry the same request
 * (which must replay the first answer). Checks every bid got one documented answer, accepted bids strictly
 * increase and equal the LEADING/OUTBID answers, nothing was accepted at or after the end, and the winner is the
 * last bidder at its price with an order; reports answer latency.
 */
public class AuctionBidWarSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("AuctionBidWarSimulation");
    static final LatencyRecorder ANSWER = new LatencyRecorder(Math.max(P.buyers(), 1));
    static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    static final AtomicInteger REPLAYS_OK = new AtomicInteger();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;
    static volatile long auctionId;

    @Override
    public void before() {
        fixture = CLIENT.seed(1, Math.max(P.stock(), 1));
        tokens = CLIENT.tokens("bidder-" + UUID.randomUUID().toString().substring(0, 6), P.buyers(), "viewer");
        int duration = Math.max(5, P.durationSeconds() + 2);
        JsonNode auction = CLIENT.call("POST", "/api/auctions", fixture.hostToken(), Map.of("streamId", fixture.streamId(),
                "productId", fixture.productIds().get(0), "startingPriceMinor", 1000, "durationSeconds", duration,
                "mode", "SUDDEN_DEATH"));
        auctionId = auction.get("id").asLong();
        System.out.printf("Auction %d running for %d s, %d bidders%n", auctionId, duration, P.buyers());
    }

    static Iterator<Map<String, Object>> bidderFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> Map.<String, Object>of("token", tokens.get(next.getAndIncrement() % tokens.size()),
                "auctionId", auctionId, "requestId", UUID.randomUUID().toString())).iterator();
    }

    ScenarioBuilder bidders = scenario("auction bid war")
            .feed(bidderFeeder())
            .exec(http("read").get("/api/auctions/#{auctionId}").header("Authorization", "Bearer #{token}")
                    .check(status().is(200), jsonPath("$.minNextBidMinor").saveAs("amount")))
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(http("bid").post("/api/auctions/#{auctionId}/bids")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"amountMinor\":#{amount}}"))
                    .check(status().in(200, 201), jsonPath("$.outcome").saveAs("outcome")))
            .exec(session -> {
                ANSWER.record(System.currentTimeMillis() - session.getLong("t0"));
                String outcome = session.contains("outcome") ? session.getString("outcome") : "NO_ANSWER";
                OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                return session;
            })
            .exec(http("retry").post("/api/auctions/#{auctionId}/bids")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"amountMinor\":#{amount}}"))
                    .check(status().is(200), jsonPath("$.replayed").saveAs("replayed"),
                            jsonPath("$.outcome").saveAs("again")))
            .exec(session -> {
                if ("true".equals(session.getString("replayed"))
                        && session.getString("outcome").equals(session.getString("again"))) {
                    REPLAYS_OK.incrementAndGet();
                }
                return session;
            });

    {
        setUp(bidders.injectOpen(rampUsers(P.buyers()).during(Math.max(1, P.durationSeconds()))))
                .protocols(http.baseUrl(P.baseUrl()).shareConnections());
    }

    @Override
    public void after() {
        JsonNode view = CLIENT.call("GET", "/api/auctions/" + auctionId, fixture.hostToken(), null);
        for (int i = 0; i < 600 && "RUNNING".equals(view.path("status").asText()); i++) {
            sleep();
            view = CLIENT.call("GET", "/api/auctions/" + auctionId, fixture.hostToken(), null);
        }
        JsonNode rows = CLIENT.call("GET", "/api/auctions/" + auctionId + "/bids", fixture.hostToken(), null);
        Instant endsAt = Instant.parse(view.path("endsAt").asText());
        boolean increasing = true;
        boolean beforeEnd = true;
        int own = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            increasing &= i == 0 || r.path("amountMinor").asLong() > rows.get(i - 1).path("amountMinor").asLong();
            beforeEnd &= Instant.parse(r.path("placedAt").asText()).isBefore(endsAt);
            own += r.path("auto").asBoolean() ? 0 : 1;
        }
        int accepted = count("LEADING") + count("OUTBID");
        int answered = OUTCOMES.entrySet().stream().filter(e -> !e.getKey().equals("NO_ANSWER"))
                .mapToInt(e -> e.getValue().get()).sum();
        JsonNode last = rows.size() == 0 ? null : rows.get(rows.size() - 1);
        REPORT.latency("bid answer", ANSWER);
        REPORT.figure("outcomes", OUTCOMES.toString());
        REPORT.check("every bid was answered", answered == P.buyers(), answered + " of " + P.buyers());
        REPORT.check("every retry replayed the first answer", REPLAYS_OK.get() == P.buyers(),
                REPLAYS_OK.get() + " of " + P.buyers());
        REPORT.check("the auction closed", "CLOSED".equals(view.path("status").asText()), view.toString());
        REPORT.check("accepted bids strictly increase", increasing, rows.size() + " bids");
        REPORT.check("nothing accepted at or after the end", beforeEnd, "endsAt " + endsAt);
        REPORT.check("LEADING+OUTBID answers are exactly the durable bids", accepted == own, accepted + " vs " + own);
        REPORT.check("one winner: the last bid, with an order", last != null
                && last.path("bidderId").asText().equals(view.path("winnerId").asText())
                && last.path("amountMinor").asLong() == view.path("priceMinor").asLong()
                && view.path("orderId").asLong() > 0, view.toString());
        REPORT.print(P.summaryDir());
    }

    static int count(String outcome) {
        AtomicInteger n = OUTCOMES.get(outcome);
        return n == null ? 0 : n.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
