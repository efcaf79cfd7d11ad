package io.liveshop.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

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
 * Scenario 6, shoppers: {@code buyers} distinct users browse the live shop's products, save an address, put two
 * products in their cart and check out once with the sandbox card, then retry the same checkout. Checks every
 * checkout is created (201), the retry answers the same checkout, the charge equals the sum of the order totals
 * (one order per seller, PAID), and the cart is empty afterwards; reports checkout latency.
 */
public class ShopperSimulation extends Simulation {

    static final SimulationParams P = SimulationParams.fromSystemProperties();
    static final LiveShopClient CLIENT = new LiveShopClient(P);
    static final CorrectnessReport REPORT = new CorrectnessReport("ShopperSimulation");
    static final LatencyRecorder CHECKOUT = new LatencyRecorder(Math.max(P.buyers(), 1));
    static final AtomicInteger created = new AtomicInteger();
    static final AtomicInteger replayedSame = new AtomicInteger();
    static final AtomicInteger sumsAgree = new AtomicInteger();
    static final AtomicInteger emptyCarts = new AtomicInteger();
    static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    static volatile LiveShopClient.Fixture fixture;
    static volatile List<String> tokens;

    @Override
    public void before() {
        fixture = CLIENT.seed(Math.max(2, P.products()), Math.max(P.stock(), 2 * P.buyers()));
        tokens = CLIENT.tokens("shopper-" + UUID.randomUUID().toString().substring(0, 6), P.buyers(), "viewer");
        System.out.printf("Stream %d with %d products, %d shoppers%n", fixture.streamId(), fixture.productIds().size(),
                P.buyers());
    }

    static Iterator<Map<String, Object>> shopperFeeder() {
        AtomicInteger next = new AtomicInteger();
        return Stream.generate(() -> {
            int i = next.getAndIncrement();
            List<Long> ids = fixture.productIds();
            return Map.<String, Object>of("token", tokens.get(i % tokens.size()), "streamId", fixture.streamId(),
                    "first", ids.get(i % ids.size()), "second", ids.get((i + 1) % ids.size()),
                    "checkoutKey", UUID.randomUUID().toString());
        }).iterator();
    }

    ScenarioBuilder shoppers = scenario("shopper")
            .feed(shopperFeeder())
            .exec(http("browse products").get("/api/products?limit=20").check(status().is(200)))
            .exec(http("product page").get("/api/products/#{first}").check(status().is(200)))
            .exec(http("save address").post("/api/addresses")
                    .header("Authorization", "Bearer #{token}").header("Content-Type", "application/json")
                    .body(StringBody("{\"name\":\"Sim Shopper\",\"line1\":\"1 Load Street\",\"city\":\"Lyon\","
                            + "\"postalCode\":\"69001\",\"country\":\"FR\"}"))
                    .check(status().is(201), jsonPath("$.id").saveAs("addressId")))
            .exec(http("add to cart").post("/api/cart/lines")
                    .header("Authorization", "Bearer #{token}").header("Content-Type", "application/json")
                    .body(StringBody("{\"productId\":#{first},\"quantity\":1,\"streamId\":#{streamId}}"))
                    .check(status().is(200)))
            .exec(http("add to cart").post("/api/cart/lines")
                    .header("Authorization", "Bearer #{token}").header("Content-Type", "application/json")
                    .body(StringBody("{\"productId\":#{second},\"quantity\":1,\"streamId\":#{streamId}}"))
                    .check(status().is(200)))
            .exec(session -> session.set("t0", System.currentTimeMillis()))
            .exec(http("checkout").post("/api/checkout")
                    .header("Authorization", "Bearer #{token}").header("Content-Type", "application/json")
                    .header("Idempotency-Key", "#{checkoutKey}")
                    .body(StringBody("{\"addressId\":#{addressId},\"cardToken\":\"tok_visa\"}"))
                    .check(status().saveAs("checkoutStatus"), bodyString().saveAs("checkout")))
            .exec(session -> {
                CHECKOUT.record(System.currentTimeMillis() - session.getLong("t0"));
                judgeCheckout(session.getInt("checkoutStatus"), session.getString("checkout"));
                return session;
            })
            .exec(http("checkout retry").post("/api/checkout")
                    .header("Authorization", "Bearer #{token}").header("Content-Type", "application/json")
                    .header("Idempotency-Key", "#{checkoutKey}")
                    .body(StringBody("{\"addressId\":#{addressId},\"cardToken\":\"tok_visa\"}"))
                    .check(status().is(200), bodyString().saveAs("retry")))
            .exec(session -> {
                if (session.contains("retry") && session.contains("checkout")
                        && id(session.getString("retry")) == id(session.getString("checkout"))) {
                    replayedSame.incrementAndGet();
                }
                return session;
            })
            .exec(http("cart after").get("/api/cart").header("Authorization", "Bearer #{token}")
                    .check(status().is(200), jsonPath("$.lines[*]").count().saveAs("linesLeft")))
            .exec(session -> {
                if (session.contains("linesLeft") && session.getInt("linesLeft") == 0) {
                    emptyCarts.incrementAndGet();
                }
                return session;
            });

    static void judgeCheckout(int status, String body) {
        if (status != 201) {
            FAILURES.computeIfAbsent(Integer.toString(status), k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        created.incrementAndGet();
        try {
            var node = LiveShopClient.JSON.readTree(body);
            long sum = 0;
            boolean paid = node.path("orders").size() >= 1;
            for (var order : node.path("orders")) {
                sum += order.path("totalMinor").asLong();
                paid &= "PAID".equals(order.path("status").asText());
                paid &= order.path("totalMinor").asLong() == order.path("subtotalMinor").asLong()
                        + order.path("shippingMinor").asLong() - order.path("discountMinor").asLong();
            }
            if (paid && sum == node.path("chargedMinor").asLong()) {
                sumsAgree.incrementAndGet();
            }
        } catch (Exception e) {
            FAILURES.computeIfAbsent("unparseable", k -> new AtomicInteger()).incrementAndGet();
        }
    }

    static long id(String body) {
        try {
            return LiveShopClient.JSON.readTree(body).path("id").asLong(-1);
        } catch (Exception e) {
            return -2;
        }
    }

    {
        setUp(shoppers.injectOpen(rampUsers(P.buyers()).during(Math.max(1, P.rampSeconds()))))
                .protocols(http.baseUrl(P.baseUrl()).shareConnections());
    }

    @Override
    public void after() {
        REPORT.latency("checkout answer", CHECKOUT);
        REPORT.figure("failed checkouts", FAILURES.toString());
        REPORT.check("every checkout was created", created.get() == P.buyers(), created + " of " + P.buyers());
        REPORT.check("every retry answered the same checkout", replayedSame.get() == P.buyers(),
                replayedSame + " of " + P.buyers());
        REPORT.check("charge == sum of PAID order totals", sumsAgree.get() == created.get(),
                sumsAgree + " of " + created);
        REPORT.check("bought lines left the cart", emptyCarts.get() == P.buyers(), emptyCarts + " of " + P.buyers());
        REPORT.print(P.summaryDir());
    }
}
