package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.buy;
import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.startSaleResponse;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.platform.events.SnapshotSection.SectionItem;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A late joiner renders every announced or open sale from the snapshot's {@code data.sales} alone. */
@QuarkusTest
class SaleSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SalesSection section;

    @Test
    void aLateJoinerSeesEveryUnendedSaleShapedLikeTheSaleResource() throws Exception {
        SaleFixtures.Product p = product(20);
        long open = startSale(p, 3, 1);
        long announced = startSaleResponse(p, 2, 1, 60, 600).then().statusCode(201).extract().jsonPath().getLong("id");
        String viewer = token(unique("late-"), "viewer");

        try (WsClient socket = WsClient.viewer(p.streamId(), viewer)) {
            JsonNode sales = socket.await("snapshot").path("data").path("sales");
            assertEquals(2, sales.size(), sales.toString());
            JsonNode first = byId(sales, open);
            JsonNode second = byId(sales, announced);
            assertEquals("OPEN", first.path("status").asText());
            assertEquals(3, first.path("allocated").asInt());
            assertEquals(3, first.path("remaining").asInt());
            assertEquals(4900, first.path("priceMinor").asLong());
            assertEquals(1, first.path("perBuyerLimit").asInt());
            assertEquals("ANNOUNCED", second.path("status").asText());
            assertTrue(second.hasNonNull("opensAt") && second.hasNonNull("endsAt"), second.toString());

            JsonNode resource = JSON.readTree(given().auth().oauth2(viewer).get("/api/sales/" + open).then().statusCode(200).extract().asString());
            assertEquals(fields(resource), fields(first), "same shape as GET /api/sales/{id}");
        }
    }

    @Test
    void theSnapshotFollowsBuysAndForgetsEndedSales() {
        SaleFixtures.Product p = product(20);
        long saleId = startSale(p, 3, 1);
        String buyer = token(unique("snap-buyer-"), "viewer");
        try (WsClient watching = WsClient.viewer(p.streamId(), buyer)) {
            watching.await("snapshot");
            buy(buyer, saleId, "k1").then().statusCode(201);
            // the sale clock tells the new count in sale.open if its first tick comes after the buy, else in sale.remaining
            watching.await(f -> f.path("type").asText().matches("sale\\.(open|remaining)")
                    && f.path("data").path("remaining").asInt() == 2, Duration.ofSeconds(15));
            try (WsClient late = WsClient.viewer(p.streamId(), token(unique("late-"), "viewer"))) {
                JsonNode sale = byId(late.await("snapshot").path("data").path("sales"), saleId);
                assertEquals(2, sale.path("remaining").asInt(), sale.toString());
            }
            end(p, saleId);
            watching.await("sale.ended");
        }
        try (WsClient late = WsClient.viewer(p.streamId(), token(unique("late-"), "viewer"))) {
            JsonNode sales = late.await("snapshot").path("data").path("sales");
            assertEquals(0, sales.size(), sales.toString());
        }
    }

    @Test
    void theSectionLoadsUnendedSalesFromTheStore() {
        SaleFixtures.Product p = product(20);
        long saleId = startSale(p, 4, 2);
        List<SectionItem> items = section.load(p.streamId()).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, items.size(), items.toString());
        assertEquals("sale:" + saleId, items.get(0).key());
        SaleView view = (SaleView) items.get(0).item();
        assertEquals(4, view.allocated());
        end(p, saleId);
        assertEquals(List.of(), section.load(p.streamId()).await().atMost(Duration.ofSeconds(10)));
    }

    private static JsonNode byId(JsonNode sales, long id) {
        for (JsonNode sale : sales) {
            if (sale.path("id").asLong() == id) {
                return sale;
            }
        }
        throw new AssertionError("sale " + id + " not in " + sales);
    }

    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

}
