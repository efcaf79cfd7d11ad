package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 3, flash-sale rush: {@code buyers} distinct users press buy within about a second of a sale of
 * {@code saleQuantity} units opening. Checks exactly the allocation is won (never more), every attempt gets one
 * of the documented answers, and the sale invariant holds afterwards; reports answer latency.
 */
public class FlashSaleRushSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("FlashSaleRushSimulation");
    static final LatencyRecorder ANSWER = new LatencyRecorder(Math.max(P.buyers(), 1));
    static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;
    static volatile long saleId;

    @Override
    public void before() {
        fixture = CLIENT.seed(1, Math.max(P.stock(), P.saleQuantity()));
        tokens = CLIENT.tokens("rush-buyer-" + UUID.randomUUID().toString().substring(0, 6), P.buyers(), "viewer");
        JsonNode sale = CLIENT.startSale(fixture, fixture.productIds().get(0), P.saleQuantity(), P.perBuyerLimit(),
                Math.max(60, P.durationSeconds()));
        saleId = sale.get("id").asLong();
        System.out.printf("Sale %d open: %d units, %d buyers rushing%n", saleId, P.saleQuantity(), P.buyers());
    }

    static Iterator<Map<String, Object>> buyerFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> Map.<String, Object>of("token", tokens.get(next.getAndIncrement() % tokens.size()),
                "saleId", saleId, "requestId", UUID.randomUUID().toString())).iterator();
    }

    ScenarioBuilder buyers = scenario("flash-sale rush")
            .feed(buyerFeeder())
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(http("buy").post("/api/sales/#{saleId}/buy")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .header("Content-Type", "application/json")
                    .check(status().is(200), jsonPath("$.outcome").saveAs("outcome")))
            .exec(session -> {
                ANSWER.record(System.currentTimeMillis() - session.getLong("t0"));
                String outcome = session.contains("outcome") ? session.getString("outcome") : "NO_ANSWER";
                OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                return session;
            });

    {
        setUp(buyers.injectOpen(rampUsers(P.buyers()).during(1)))
                .protocols(http.baseUrl(P.baseUrl()).shareConnections());
    }

    @Override
    public void after() {
        int won = count("WON");
        int answered = OUTCOMES.entrySet().stream().filter(e -> !e.getKey().equals("NO_ANSWER"))
                .mapToInt(e -> e.getValue().get()).sum();
        REPORT.latency("buy answer", ANSWER);
        REPORT.figure("outcomes", OUTCOMES.toString());
        int expectedWins = Math.min(P.saleQuantity(), P.buyers() * P.perBuyerLimit());
        REPORT.check("exactly the allocation was won", won == expectedWins, won + " won, " + expectedWins + " expected");
        REPORT.check("every attempt was answered", answered == P.buyers(), answered + " of " + P.buyers());
        JsonNode invariant = CLIENT.invariant(fixture, saleId);
        REPORT.check("invariant available+held+sold == allocated", invariant.path("holds").asBoolean(false),
                invariant.toString());
        REPORT.print(P.summaryDir());
    }

    static int count(String outcome) {
        AtomicInteger n = OUTCOMES.get(outcome);
        return n == null ? 0 : n.get();
    }
}
