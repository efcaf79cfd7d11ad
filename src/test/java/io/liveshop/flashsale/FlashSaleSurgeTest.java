package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.invariant;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.rush;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.stock;
import static io.liveshop.flashsale.SaleFixtures.tokens;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Thousands of concurrent real HTTP buyers against one sale: exactly the allocation is sold, limits hold. */
@QuarkusTest
class FlashSaleSurgeTest {

    static final int UNITS = 300;
    static final int BUYERS = 3000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    PreGatewayEventLog events;

    @RepeatedTest(3)
    void surgeSellsExactlyTheAllocation() {
        SaleFixtures.Product p = product(UNITS + 50);
        long saleId = startSale(p, UNITS, 1);
        assertEquals(50, stock(p.productId()), "the allocation is taken from the product's stock");
        List<String> buyers = tokens(unique("rush"), BUYERS);
        List<String[]> attempts = new ArrayList<>();
        buyers.forEach(t -> attempts.add(new String[] { t, "k1" }));

        List<SaleFixtures.Attempt> answers = rush(base, saleId, attempts, 256);

        assertEquals(BUYERS, answers.size(), "every attempt is answered");
        Map<String, Integer> byOutcome = new HashMap<>();
        answers.forEach(a -> byOutcome.merge(a.outcome() + "/" + a.status(), 1, Integer::sum));
        assertEquals(Map.of("WON/201", UNITS, "SOLD_OUT/200", BUYERS - UNITS), byOutcome);
        Set<Long> orderIds = new HashSet<>();
        answers.stream().filter(a -> "WON".equals(a.outcome())).forEach(a -> orderIds.add(a.orderId()));
        assertEquals(UNITS, orderIds.size(), "one distinct durable order per winner");

        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(UNITS, inv.getInt("database.held"));
        assertEquals(0, inv.getInt("database.available"));
        assertEquals(0, inv.getInt("memory.available"));

        await().atMost(Duration.ofSeconds(30)).until(() -> events.streamEvents().stream()
                .anyMatch(e -> e instanceof SaleSoldOut s && s.saleId() == saleId));
        SaleRemaining last = events.streamEvents().stream()
                .filter(e -> e instanceof SaleRemaining r && r.saleId() == saleId)
                .map(SaleRemaining.class::cast).reduce((a, b) -> b).orElseThrow();
        assertEquals(0, last.remaining(), "the coalesced remaining stream ends on the exact value");

        JsonPath ended = end(p, saleId);
        assertEquals("ENDED", ended.getString("status"));
        assertEquals(50, stock(p.productId()), "nothing unsold to give back");
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }

    @Test
    void perBuyerLimitHoldsUnderConcurrentAttemptsOfTheSameBuyer() {
        int buyers = 60;
        int limit = 2;
        SaleFixtures.Product p = product(500);
        long saleId = startSale(p, 400, limit);
        List<String> tokens = tokens(unique("limit"), buyers);
        List<String[]> attempts = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (String t : tokens) {
                attempts.add(new String[] { t, "k" + round });
            }
        }
        List<SaleFixtures.Attempt> answers = rush(base, saleId, attempts, 200);

        Map<String, Integer> wonPerBuyer = new HashMap<>();
        answers.stream().filter(a -> "WON".equals(a.outcome())).forEach(a -> wonPerBuyer.merge(a.buyer(), 1, Integer::sum));
        assertEquals(buyers, wonPerBuyer.size());
        wonPerBuyer.values().forEach(n -> assertEquals(limit, n, "each buyer gets exactly the limit"));
        assertEquals(buyers * 4, answers.stream().filter(a -> "LIMIT_REACHED".equals(a.outcome())).count());
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(limit, inv.getInt("maxPerBuyer"));
        assertEquals(buyers * limit, inv.getInt("database.held"));

        end(p, saleId);
        assertEquals(500 - buyers * limit, stock(p.productId()), "unsold units went back to the product");
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }
}
