package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.buy;
import static io.liveshop.flashsale.SaleFixtures.invariant;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A buy sent on the stream socket is answered once, on that socket; a REST buy is still pushed to the sockets. */
@QuarkusTest
class FlashSaleSocketBuyTest {

    @Inject
    PreGatewayEventLog events;

    @Test
    void aSocketBuyGetsExactlyOneAnswerCarryingItsRequestId() {
        SaleFixtures.Product p = product(5);
        long saleId = startSale(p, 1, 1);
        String subject = unique("socket-buyer-");
        String buyer = token(subject, "viewer");
        try (WsClient socket = WsClient.viewer(p.streamId(), buyer)) {
            socket.await("snapshot");
            socket.send("{\"type\":\"buy\",\"saleId\":" + saleId + ",\"requestId\":\"ws-1\"}");
            JsonNode answer = socket.await("buy-answer");
            assertEquals("ws-1", answer.path("requestId").asText());
            assertEquals("WON", answer.path("data").path("outcome").asText(), answer.toString());
            assertTrue(answer.path("data").path("orderId").asLong() > 0, answer.toString());

            // A REST buy by the same user afterwards is pushed to the socket as sale.buy-answer. Frames keep their
            // order, so had the socket buy been pushed too, that frame would have come first.
            buy(buyer, saleId, "rest-1").then().statusCode(200).body("outcome", equalTo("SOLD_OUT"));
            JsonNode pushed = socket.await("sale.buy-answer");
            assertEquals("rest-1", pushed.path("data").path("requestId").asText(), pushed.toString());
            List<JsonNode> answers = socket.frames("buy-answer");
            List<JsonNode> pushes = socket.frames("sale.buy-answer");
            assertEquals(1, answers.size(), "one buy-answer frame: " + socket.frames());
            assertEquals(1, pushes.size(), "only the REST buy is pushed: " + socket.frames());
        }
        assertFalse(events.userEvents().stream().anyMatch(e -> e instanceof BuyAnswered a
                && a.userId().equals(subject) && a.requestId().equals("ws-1")), "no sale.buy-answer for a socket buy");
        assertTrue(events.userEvents().stream().anyMatch(e -> e instanceof BuyAnswered a
                && a.userId().equals(subject) && a.requestId().equals("rest-1")));
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(1, inv.getInt("database.held"));
    }

    @Test
    void aRetriedSocketBuyIsAnsweredWithTheSameOrder() {
        SaleFixtures.Product p = product(5);
        long saleId = startSale(p, 2, 1);
        String buyer = token(unique("socket-retry-"), "viewer");
        try (WsClient socket = WsClient.viewer(p.streamId(), buyer)) {
            socket.await("snapshot");
            String buy = "{\"type\":\"buy\",\"saleId\":" + saleId + ",\"requestId\":\"again\"}";
            socket.send(buy);
            JsonNode first = socket.await("buy-answer");
            socket.send(buy);
            JsonNode second = socket.await(f -> f.path("type").asText().equals("buy-answer")
                    && f.path("data").path("replayed").asBoolean(), Duration.ofSeconds(15));
            assertEquals(first.path("data").path("orderId").asLong(), second.path("data").path("orderId").asLong());
            assertEquals("WON", second.path("data").path("outcome").asText());
        }
        assertEquals(1, invariant(p, saleId).getInt("database.held"));
    }
}
