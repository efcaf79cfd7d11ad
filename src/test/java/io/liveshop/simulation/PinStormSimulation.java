package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 2, pin storm: with {@code viewers} connected, the host pins products {@code pins} times, once a second.
 * Checks every viewer receives every pin, none missed, in order, with rising sequence numbers; reports
 * pin-to-delivery latency (host request sent → frame received).
 */
public class PinStormSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("PinStormSimulation");
    static final LatencyRecorder DELIVERY = new LatencyRecorder(Math.max(P.viewers() * P.pins(), 1));
    static final ConcurrentHashMap<Integer, Long> PIN_SENT_AT = new ConcurrentHashMap<>();
    static final AtomicInteger COMPLETE = new AtomicInteger();
    static final AtomicInteger IN_ORDER = new AtomicInteger();
    static final AtomicInteger CONNECTED = new AtomicInteger();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;

    /** The host's k-th pin: alternating products so every pin changes what is pinned. */
    static long productForPin(int k) {
        return fixture.productIds().get(k % fixture.productIds().size());
    }

    @Override
    public void before() {
        fixture = CLIENT.seed(Math.max(2, P.products()), P.stock());
        tokens = CLIENT.tokens("storm-viewer", P.viewers(), "viewer");
    }

    int settleSeconds = P.rampSeconds() + 2;
    int listenSeconds = settleSeconds + P.pins() + 5;

    ScenarioBuilder viewers = scenario("viewers")
            .feed(feeder())
            .exec(ws("join").connect(P.wsBaseUrl() + "/ws/streams/#{streamId}?access_token=#{token}")
                    .await(60).on(ws.checkTextMessage("snapshot").check(jsonPath("$.type").is("snapshot"))))
            .exec(session -> {
                CONNECTED.incrementAndGet();
                return session;
            })
            .pause(listenSeconds)
            .exec(ws.processUnmatchedMessages((messages, session) -> {
                List<Frames.Frame> pins = Frames.parse(messages).stream().filter(f -> f.type().equals("pinned")).toList();
                boolean ordered = true;
                for (int k = 0; k < pins.size(); k++) {
                    Frames.Frame frame = pins.get(k);
                    if (k > 0 && frame.seq() <= pins.get(k - 1).seq()) {
                        ordered = false;
                    }
                    if (frame.data().path("productId").asLong() != productForPin(k)
                            && frame.data().path("product").path("id").asLong() != productForPin(k)) {
                        ordered = false;
                    }
                    Long sent = PIN_SENT_AT.get(k);
                    if (sent != null) {
                        DELIVERY.record(frame.receivedAt() - sent);
                    }
                }
                if (pins.size() == P.pins()) {
                    COMPLETE.incrementAndGet();
                }
                if (ordered) {
                    IN_ORDER.incrementAndGet();
                }
                return session;
            }))
            .exec(ws("leave").close());

    ScenarioBuilder host = scenario("host")
            .repeat(P.pins(), "k").on(
                    exec(session -> {
                        int k = session.getInt("k");
                        PIN_SENT_AT.put(k, System.currentTimeMillis());
                        return session.set("productId", productForPin(k)).set("hostToken", fixture.hostToken())
                                .set("streamId", fixture.streamId());
                    })
                    .exec(http("pin").post("/api/streams/#{streamId}/pin")
                            .header("Authorization", "Bearer #{hostToken}")
                            .header("Content-Type", "application/json")
                            .body(StringBody("{\"productId\":#{productId}}"))
                            .check(status().in(200, 204)))
                    .pause(1));

    private static java.util.Iterator<java.util.Map<String, Object>> feeder() {
        AtomicInteger next = new AtomicInteger();
        return java.util.stream.Stream.generate(() -> java.util.Map.<String, Object>of(
                "token", tokens.get(next.getAndIncrement() % tokens.size()), "streamId", fixture.streamId())).iterator();
    }

    {
        setUp(viewers.injectOpen(rampUsers(P.viewers()).during(P.rampSeconds())),
                host.injectOpen(nothingFor(settleSeconds), atOnceUsers(1)))
                .protocols(http.baseUrl(P.baseUrl()).wsBaseUrl(P.wsBaseUrl())
                        .wsUnmatchedInboundMessageBufferSize(P.pins() * 4 + 256));
    }

    @Override
    public void after() {
        REPORT.latency("pin-to-delivery", DELIVERY);
        REPORT.check("every viewer connected before the storm", CONNECTED.get() == P.viewers(),
                CONNECTED.get() + " of " + P.viewers());
        REPORT.check("every viewer received every pin", COMPLETE.get() == P.viewers(),
                COMPLETE.get() + " of " + P.viewers() + " viewers saw all " + P.pins() + " pins");
        REPORT.check("pins arrived in order with rising seq", IN_ORDER.get() == P.viewers(),
                IN_ORDER.get() + " of " + P.viewers());
        REPORT.print(P.summaryDir());
    }
}
