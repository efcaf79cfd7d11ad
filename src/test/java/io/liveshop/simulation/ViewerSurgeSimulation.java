package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scenario 1, viewer surge: {@code viewers} join one live stream over {@code ramp} seconds and stay
 * {@code duration} seconds. Checks every viewer gets its snapshot; reports join-to-snapshot latency.
 */
public class ViewerSurgeSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("ViewerSurgeSimulation");
    static final LatencyRecorder JOIN = new LatencyRecorder(Math.max(P.viewers(), 1));
    static final AtomicInteger SNAPSHOTS = new AtomicInteger();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;

    @Override
    public void before() {
        fixture = CLIENT.seed(P.products(), P.stock());
        tokens = CLIENT.tokens("surge-viewer", P.viewers(), "viewer");
        System.out.printf("Seeded stream %d; %d viewers will join over %ds%n", fixture.streamId(), P.viewers(), P.rampSeconds());
    }

    static Iterator<Map<String, Object>> viewerFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> {
            int i = next.getAndIncrement();
            return Map.<String, Object>of("token", tokens.get(i % tokens.size()), "streamId", fixture.streamId());
        }).iterator();
    }

    ScenarioBuilder viewers = scenario("viewer surge")
            .feed(viewerFeeder())
            .exec(session -> session.set("joinStart", System.currentTimeMillis()))
            .exec(ws("join").connect(P.wsBaseUrl() + "/ws/streams/#{streamId}?access_token=#{token}")
                    .await(60).on(ws.checkTextMessage("snapshot")
                            .check(jsonPath("$.type").is("snapshot"), jsonPath("$.seq").ofLong().saveAs("seq"))))
            .exec(session -> {
                if (!session.isFailed()) {
                    SNAPSHOTS.incrementAndGet();
                    JOIN.record(System.currentTimeMillis() - session.getLong("joinStart"));
                }
                return session;
            })
            .pause(P.durationSeconds())
            .exec(ws("leave").close());

    {
        setUp(viewers.injectOpen(rampUsers(P.viewers()).during(P.rampSeconds())))
                .protocols(http.baseUrl(P.baseUrl()).wsBaseUrl(P.wsBaseUrl()));
    }

    @Override
    public void after() {
        REPORT.latency("join-to-snapshot", JOIN);
        REPORT.check("every viewer got its snapshot", SNAPSHOTS.get() == P.viewers(),
                SNAPSHOTS.get() + " of " + P.viewers());
        REPORT.print(P.summaryDir());
    }
}
