package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 5, auction bid war: {@code buyers} distinct users each wait for their planned instant, read the
 * SUDDEN_DEATH auction and bid its minimum next amount over HTTP, a third of them as a max bid above it (proxy
 * bidding); 30 % of the users are spread over the auction before its last second, 70 % burst in the last second
 * (some land after the end and must get ENDED). Each then retries the same request, which must replay the first
 * answer. Checks every bid got one documented answer, accepted bids strictly increase and equal the LEADING/OUTBID
 * answers, nothing was accepted at or after the end, the winner leads at the last accepted bid (or won a tie with an
 * earlier max) and its order's total is that price; reports answer latency and how many bids came in the last second.
 */
public class AuctionBidWarSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("AuctionBidWarSimulation");
    static final LatencyRecorder ANSWER = new LatencyRecorder(Math.max(P.buyers(), 1));
    static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    static final AtomicInteger REPLAYS_OK = new AtomicInteger();
    static final AtomicInteger LAST_SECOND = new AtomicInteger();
    static final AtomicInteger MAX_BIDS = new AtomicInteger();
    static final AtomicInteger SENT_AFTER_END = new AtomicInteger();
    static final AtomicInteger LATE_NOT_ENDED = new AtomicInteger();
    static final Map<String, String> OUTCOME_OF = new ConcurrentHashMap<>();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;
    static volatile String prefix;
    static volatile long auctionId;
    static volatile long startedAtMillis;
    static volatile long endsAtMillis;

    @Override
    public void before() {
        fixture = CLIENT.seed(1, Math.max(P.stock(), 1));
        prefix = "bidder-" + UUID.randomUUID().toString().substring(0, 6);
        tokens = CLIENT.tokens(prefix, P.buyers(), "viewer");
        int duration = Math.max(5, P.durationSeconds() + 2);
        JsonNode auction = CLIENT.call("POST", "/api/auctions", fixture.hostToken(), Map.of("streamId", fixture.streamId(),
                "productId", fixture.productIds().get(0), "startingPriceMinor", 1000, "durationSeconds", duration,
                "mode", "SUDDEN_DEATH"));
        auctionId = auction.get("id").asLong();
        startedAtMillis = Instant.parse(auction.get("startedAt").asText()).toEpochMilli();
        endsAtMillis = Instant.parse(auction.get("endsAt").asText()).toEpochMilli();
        System.out.printf("Auction %d running for %d s, %d bidders%n", auctionId, duration, P.buyers());
    }

    /** User n: its token and id, plain or max bid, and the instant it bids (70 % in the auction's last second). */
    static Iterator<Map<String, Object>> bidderFeeder() {
        AtomicInteger next = new AtomicInteger();
        Random random = new Random(5);
        return Stream.generate(() -> {
            int n = next.getAndIncrement();
            long planned;
            synchronized (random) {
                long early = Math.max(1, endsAtMillis - 1_500 - startedAtMillis);
                planned = n % 20 == 19 ? endsAtMillis + random.nextInt(200) // just too late
                        : n % 10 < 7 ? endsAtMillis - 1_000 + random.nextInt(900)
                        : startedAtMillis + (long) (random.nextDouble() * early);
            }
            return Map.<String, Object>of("token", tokens.get(n % tokens.size()),
                    "bidder", CLIENT.subjectOf(prefix, n % tokens.size()), "auctionId", auctionId,
                    "requestId", UUID.randomUUID().toString(), "max", n % 3 == 0, "extra", 300 + (n % 17) * 100,
                    "field", n % 3 == 0 ? "maxAmountMinor" : "amountMinor", "plannedAt", planned);
        }).iterator();
    }

    ScenarioBuilder bidders = scenario("auction bid war")
            .feed(bidderFeeder())
            .pause(session -> Duration.ofMillis(Math.max(0, session.getLong("plannedAt") - System.currentTimeMillis())))
            .exec(http("read").get("/api/auctions/#{auctionId}").header("Authorization", "Bearer #{token}")
                    .check(status().is(200), jsonPath("$.minNextBidMinor").saveAs("minNext")))
            .exec(session -> {
                long minNext = Long.parseLong(session.getString("minNext"));
                boolean max = session.getBoolean("max");
                long now = System.currentTimeMillis();
                if (now >= endsAtMillis - 1_000) {
                    LAST_SECOND.incrementAndGet();
                }
                if (max) {
                    MAX_BIDS.incrementAndGet();
                }
                return session.set("amount", max ? minNext + session.getInt("extra") : minNext).set("t0", now)
                        .set("afterEnd", now >= endsAtMillis);
            })
            .exec(http("bid").post("/api/auctions/#{auctionId}/bids")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"#{field}\":#{amount}}"))
                    .check(status().in(200, 201), jsonPath("$.outcome").saveAs("outcome")))
            .exec(session -> {
                ANSWER.record(System.currentTimeMillis() - session.getLong("t0"));
                String outcome = session.contains("outcome") ? session.getString("outcome") : "NO_ANSWER";
                OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                OUTCOME_OF.put(session.getString("bidder"), outcome);
                if (session.getBoolean("afterEnd")) {
                    SENT_AFTER_END.incrementAndGet();
                    if (!"ENDED".equals(outcome)) {
                        LATE_NOT_ENDED.incrementAndGet();
                    }
                }
                return session;
            })
            .exec(http("retry").post("/api/auctions/#{auctionId}/bids")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("{\"#{field}\":#{amount}}"))
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
        setUp(bidders.injectOpen(atOnceUsers(P.buyers())))
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
        String winner = view.path("winnerId").asText();
        // the last row is the winner's, or a plain bid that tied the winner's earlier max (answered OUTBID)
        boolean lastIsWinners = last != null && (last.path("bidderId").asText().equals(winner)
                || "OUTBID".equals(OUTCOME_OF.get(last.path("bidderId").asText())));
        REPORT.check("one winner: the leader at the last accepted bid, with an order", last != null && lastIsWinners
                && winner.equals(view.path("leaderId").asText())
                && last.path("amountMinor").asLong() == view.path("priceMinor").asLong()
                && view.path("orderId").asLong() > 0, view.toString());
        JsonNode order = sellerOrder(view.path("orderId").asLong());
        REPORT.check("the winner's order total is the final price", order != null
                && order.path("totalMinor").asLong() == view.path("priceMinor").asLong()
                && winner.equals(order.path("buyerId").asText()) && "AUCTION".equals(order.path("source").asText()),
                String.valueOf(order));
        REPORT.check("a bid sent after the end is ENDED", SENT_AFTER_END.get() > 0 && LATE_NOT_ENDED.get() == 0,
                SENT_AFTER_END.get() + " sent after the end, " + LATE_NOT_ENDED.get() + " not ENDED");
        REPORT.figure("bids sent in the last second or later", LAST_SECOND.get() + " of " + P.buyers());
        REPORT.figure("max bids", MAX_BIDS.get() + "; auto bids " + autoRows(rows));
        REPORT.print(P.summaryDir());
    }

    /** The order as its seller (the seeded host) sees it; the seeded shop has few orders, newest first. */
    static JsonNode sellerOrder(long orderId) {
        JsonNode page = CLIENT.call("GET", "/api/sellers/me/orders?limit=100", fixture.hostToken(), null);
        for (JsonNode o : page.path("items")) {
            if (o.path("id").asLong() == orderId) {
                return o;
            }
        }
        return null;
    }

    static int autoRows(JsonNode rows) {
        int n = 0;
        for (JsonNode r : rows) {
            n += r.path("auto").asBoolean() ? 1 : 0;
        }
        return n;
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
