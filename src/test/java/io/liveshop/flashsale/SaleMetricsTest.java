package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A running sale has its gauges; an ended sale holds none. */
@QuarkusTest
class SaleMetricsTest {

    @Test
    void perSaleGaugesAreRemovedWhenTheSaleEnds() {
        SaleFixtures.Product p = product(20);
        long saleId = startSale(p, 5, 1);
        String remaining = "liveshop_flashsale_remaining{sale=\"" + saleId + "\"}";
        String invariant = "liveshop_flashsale_invariant{sale=\"" + saleId + "\"}";
        String running = metrics();
        assertTrue(running.contains(remaining) && running.contains(invariant), "gauges of a running sale");

        end(p, saleId);
        await().until(() -> {
            String after = metrics();
            return !after.contains(remaining) && !after.contains(invariant);
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
