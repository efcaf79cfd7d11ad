package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 7, voucher drop: the host drops a live-only voucher of {@code saleQuantity} units
 * ({@code perBuyerLimit} each) on its LIVE stream and {@code buyers} distinct viewers claim it over HTTP within about
 * a second, each claiming twice (two request ids) and retrying the first. Checks exactly the allocation is claimed,
 * no buyer holds more than the limit, every retry replays its first answer, and the voucher invariant
 * ({@code claimed + available == quantity}, memory equals the database) holds; reports claim latency.
 */
public class VoucherDropSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("VoucherDropSimulation");
    static final LatencyRecorder ANSWER = new LatencyRecorder(Math.max(2 * P.buyers(), 1));
    static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> CLAIMS_PER_BUYER = new ConcurrentHashMap<>();
    static final AtomicInteger replaysAgree = new AtomicInteger();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;
    static volatile long voucherId;

    @Override
    public void before() {
        fixture = CLIENT.seed(1, 10);
        tokens = CLIENT.tokens("claimer-" + UUID.randomUUID().toString().substring(0, 6), P.buyers(), "viewer");
        String code = "DROP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        voucherId = CLIENT.dropLiveVoucher(fixture, code, P.saleQuantity(), P.perBuyerLimit()).get("id").asLong();
        System.out.printf("Voucher %d dropped on stream %d: %d units, %d claimers%n", voucherId, fixture.streamId(),
                P.saleQuantity(), P.buyers());
    }

    static Iterator<Map<String, Object>> claimerFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> Map.<String, Object>of("token", tokens.get(next.getAndIncrement() % tokens.size()),
                "voucherId", voucherId, "first", UUID.randomUUID().toString(),
                "second", UUID.randomUUID().toString())).iterator();
    }

    static HttpRequestActionBuilder claim(String name, String key, String saveAs) {
        return http(name).post("/api/vouchers/#{voucherId}/claim")
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{" + key + "}")
                .check(status().in(200, 201), jsonPath("$.outcome").saveAs(saveAs));
    }

    ScenarioBuilder claimers = scenario("voucher drop")
            .feed(claimerFeeder())
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(claim("claim", "first", "outcome1"))
            .exec(session -> {
                record(session.getString("token"), session.contains("outcome1") ? session.getString("outcome1")
                        : null, session.getLong("t0"));
                return session;
            })
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(claim("claim again", "second", "outcome2"))
            .exec(session -> {
                record(session.getString("token"), session.contains("outcome2") ? session.getString("outcome2")
                        : null, session.getLong("t0"));
                return session;
            })
            .exec(claim("claim retry", "first", "replay"))
            .exec(session -> {
                if (session.contains("replay") && session.contains("outcome1")
                        && session.getString("replay").equals(session.getString("outcome1"))) {
                    replaysAgree.incrementAndGet();
                }
                return session;
            });

    static void record(String token, String outcome, long t0) {
        ANSWER.record(System.currentTimeMillis() - t0);
        String o = outcome == null ? "NO_ANSWER" : outcome;
        OUTCOMES.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet();
        if ("CLAIMED".equals(o)) {
            CLAIMS_PER_BUYER.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    {
        setUp(claimers.injectOpen(rampUsers(P.buyers()).during(1)))
                .protocols(http.baseUrl(P.baseUrl()).shareConnections());
    }

    @Override
    public void after() {
        int claimed = count("CLAIMED");
        int answered = OUTCOMES.entrySet().stream().filter(e -> !e.getKey().equals("NO_ANSWER"))
                .mapToInt(e -> e.getValue().get()).sum();
        int maxPerBuyer = CLAIMS_PER_BUYER.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        int expected = Math.min(P.saleQuantity(), P.buyers() * P.perBuyerLimit());
        REPORT.latency("claim answer", ANSWER);
        REPORT.figure("outcomes", OUTCOMES.toString());
        REPORT.check("exactly the quantity was claimed", claimed == expected, claimed + " claimed, " + expected
                + " expected");
        REPORT.check("no buyer above the per-buyer limit", maxPerBuyer <= P.perBuyerLimit(),
                "max " + maxPerBuyer + ", limit " + P.perBuyerLimit());
        REPORT.check("every claim was answered", answered == 2 * P.buyers(), answered + " of " + 2 * P.buyers());
        REPORT.check("every retry replayed its first answer", replaysAgree.get() == P.buyers(),
                replaysAgree + " of " + P.buyers());
        JsonNode invariant = CLIENT.voucherInvariant(fixture, voucherId);
        boolean sums = invariant.path("claimed").asInt(-1) + invariant.path("available").asInt(-1)
                == invariant.path("quantity").asInt(-2);
        REPORT.check("invariant holds, claimed + available == quantity",
                invariant.path("holds").asBoolean(false) && sums && invariant.path("claimed").asInt() == expected,
                invariant.toString());
        REPORT.print(P.summaryDir());
    }

    static int count(String outcome) {
        AtomicInteger n = OUTCOMES.get(outcome);
        return n == null ? 0 : n.get();
    }
}
