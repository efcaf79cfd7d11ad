package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.unique;

import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The units a sale takes leave the product's stock, and unsold ones come back: viewers see both as stock frames. */
@QuarkusTest
class SaleStockFramesTest {

    @Test
    void viewersSeeTheStockASaleTakesAndGivesBack() {
        SaleFixtures.Product p = product(20);
        try (WsClient viewer = WsClient.viewer(p.streamId(), token(unique("stock-"), "viewer"))) {
            viewer.await("snapshot");
            long saleId = startSale(p, 3, 1);
            viewer.await(f -> isStock(f, p.productId(), 17), Duration.ofSeconds(15));
            end(p, saleId);
            viewer.await(f -> isStock(f, p.productId(), 20), Duration.ofSeconds(15));
        }
    }

    private static boolean isStock(com.fasterxml.jackson.databind.JsonNode frame, long productId, int stock) {
        return "stock".equals(frame.path("type").asText()) && frame.path("data").path("productId").asLong() == productId
                && frame.path("data").path("stock").asInt() == stock;
    }
}
