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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 4, mixed live show: viewers join and leave for the whole show while the host pins products, a flash
 * sale runs, buyers buy, half of the winners pay and the other half let their hold expire. Checks every joiner got
 * a snapshot, the sale never sold more than its allocation and its invariant holds at the end.
 */
public class MixedLiveShowSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("MixedLiveShowSimulation");
    static final LatencyRecorder JOIN = new LatencyRecorder(Math.max(P.viewers() * 2, 1));
    static final AtomicInteger JOINED = new AtomicInteger();
    static final AtomicInteger SNAPSHOTS = new AtomicInteger();
    static final AtomicInteger WON = new AtomicInteger();
    static final AtomicInteger PAID = new AtomicInteger();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> viewerTokens;
    static volatile List<String> buyerTokens;
    static volatile long saleId;

    @Override
    public void before() {
        fixture = CLIENT.seed(Math.max(2, P.products()), Math.max(P.stock(), P.saleQuantity()));
        viewerTokens = CLIENT.tokens("show-viewer", P.viewers(), "viewer");
        buyerTokens = CLIENT.tokens("show-buyer-" + UUID.randomUUID().toString().substring(0, 6), P.buyers(), "viewer");
    }

    ScenarioBuilder viewers = scenario("viewers come and go")
            .feed(viewerFeeder())
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(ws("join").connect(P.wsBaseUrl() + "/ws/streams/#{streamId}?access_token=#{token}")
                    .await(60).on(ws.checkTextMessage("snapshot").check(jsonPath("$.type").is("snapshot"))))
            .exec(session -> {
                JOINED.incrementAndGet();
                if (!session.isFailed()) {
                    SNAPSHOTS.incrementAndGet();
                    JOIN.record(System.currentTimeMillis() - session.getLong("t0"));
                }
                return session;
            })
            .pause(1, Math.max(2, P.durationSeconds() / 2))
            .exec(ws("leave").close());

    static Iterator<Map<String, Object>> viewerFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> Map.<String, Object>of("token", viewerTokens.get(next.getAndIncrement() % viewerTokens.size()),
                "streamId", fixture.streamId())).iterator();
    }

    static Iterator<Map<String, Object>> buyerFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> {
            int i = next.getAndIncrement();
            return Map.<String, Object>of("token", buyerTokens.get(i % buyerTokens.size()), "pays", i % 2 == 0,
                    "requestId", UUID.randomUUID().toString());
        }).iterator();
    }

    ScenarioBuilder host = scenario("host runs the show")
            .exec(session -> session.set("hostToken", fixture.hostToken()).set("streamId", fixture.streamId()))
            .repeat(Math.max(2, P.pins()), "k").on(
                    exec(session -> session.set("productId",
                            fixture.productIds().get(session.getInt("k") % fixture.productIds().size())))
                    .exec(http("pin").post("/api/streams/#{streamId}/pin")
                            .header("Authorization", "Bearer #{hostToken}")
                            .header("Content-Type", "application/json")
                            .body(StringBody("{\"productId\":#{productId}}")).check(status().in(200, 204)))
                    .pause(1))
            .exec(session -> {
                JsonNode sale = CLIENT.startSale(fixture, fixture.productIds().get(0), P.saleQuantity(), 1, 60);
                saleId = sale.get("id").asLong();
                return session;
            });

    ScenarioBuilder buyers = scenario("buyers")
            .feed(buyerFeeder())
            .exec(session -> session.set("saleId", saleId))
            .exec(http("buy").post("/api/sales/#{saleId}/buy")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{requestId}")
                    .check(status().is(200), jsonPath("$.outcome").saveAs("outcome"),
                            jsonPath("$.orderId").optional().saveAs("orderId")))
            .doIf(session -> "WON".equals(session.getString("outcome"))).then(
                    exec(session -> {
                        WON.incrementAndGet();
                        return session;
                    })
                    .doIf(session -> session.getBoolean("pays")).then(
                            exec(http("pay").post("/api/orders/#{orderId}/payment")
                                    .header("Authorization", "Bearer #{token}")
                                    .header("Content-Type", "application/json")
                                    .body(StringBody("{\"cardToken\":\"tok_visa\"}"))
                                    .check(status().saveAs("payStatus")))
                            .exec(session -> {
                                if (session.getInt("payStatus") == 200) {
                                    PAID.incrementAndGet();
                                }
                                return session;
                            })));

    {
        int hostStart = Math.max(1, P.rampSeconds() / 2);
        int saleOpens = hostStart + Math.max(2, P.pins()) + 2;
        setUp(viewers.injectOpen(rampUsers(P.viewers()).during(P.rampSeconds() + P.durationSeconds())),
                host.injectOpen(nothingFor(hostStart), atOnceUsers(1)),
                buyers.injectOpen(nothingFor(saleOpens), rampUsers(P.buyers()).during(2)))
                .protocols(http.baseUrl(P.baseUrl()).wsBaseUrl(P.wsBaseUrl()));
    }

    @Override
    public void after() {
        REPORT.latency("join-to-snapshot", JOIN);
        REPORT.figure("wins / paid", WON.get() + " / " + PAID.get());
        REPORT.check("every joiner got a snapshot", SNAPSHOTS.get() == JOINED.get() && JOINED.get() == P.viewers(),
                SNAPSHOTS.get() + " snapshots for " + JOINED.get() + " joins of " + P.viewers());
        REPORT.check("no more wins than the allocation", WON.get() <= P.saleQuantity(),
                WON.get() + " won of " + P.saleQuantity());
        REPORT.check("every winner who paid was charged once", PAID.get() <= WON.get(), PAID.get() + " paid");
        if (saleId > 0) {
            JsonNode invariant = CLIENT.invariant(fixture, saleId);
            REPORT.check("invariant available+held+sold == allocated", invariant.path("holds").asBoolean(false),
                    invariant.toString());
        } else {
            REPORT.check("the sale started", false, "the host never started the sale");
        }
        REPORT.print(P.summaryDir());
    }
}
