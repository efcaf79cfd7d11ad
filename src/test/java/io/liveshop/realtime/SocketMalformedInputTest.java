package io.liveshop.realtime;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed socket commands ({@code buy}, {@code bid}, {@code claim}, {@code auth}) on a real WebSocket: each gets
 * the documented error frame naming the field, the socket stays usable (a ping after it is answered), and nothing
 * is written. Valid frames on the same data then succeed, so the refusals were about the malformation alone.
 */
@QuarkusTest
class SocketMalformedInputTest {

    /** One bad frame, the error code it must get and the field it must name. */
    record Case(String frame, String code, String field) {
    }

    @Inject
    Pool pool;

    @Test
    void everyMalformedCommandIsAnErrorFrameNamingTheFieldAndWritesNothing() {
        Streams show = Streams.live(2, 50);
        long sale = sale(show);
        long auction = auction(show);
        long voucher = voucher(show);
        String viewer = token(unique("buyer"), "viewer");

        List<Case> cases = new ArrayList<>();
        commandCases(cases, "buy", "saleId", sale, "");
        commandCases(cases, "claim", "voucherId", voucher, "");
        commandCases(cases, "bid", "auctionId", auction, ",\"amountMinor\":500");
        cases.add(new Case(bid(auction, "\"amountMinor\":\"500\""), "bad-request", "amountMinor"));
        cases.add(new Case(bid(auction, "\"amountMinor\":500.5"), "bad-request", "amountMinor"));
        cases.add(new Case(bid(auction, "\"amountMinor\":true"), "bad-request", "amountMinor"));
        cases.add(new Case(bid(auction, "\"amountMinor\":500,\"amountMinor\":600"), "malformed", "amountMinor"));
        cases.add(new Case(bid(auction, "\"maxAmountMinor\":-1"), "bad-request", "maxAmountMinor"));

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            try (WsClient socket = WsClient.viewer(show.streamId(), viewer)) {
                socket.await("snapshot");
                check(socket, c, failures);
            }
        }
        // auth is a guest's frame: a signed-in socket refuses it before looking at the token
        List<Case> auth = List.of(new Case("{\"type\":\"auth\",\"token\":123}", "bad-request", "token"),
                new Case("{\"type\":\"auth\",\"token\":[\"" + viewer + "\"]}", "bad-request", "token"),
                new Case("{\"type\":\"auth\"}", "bad-request", "token"),
                new Case("{\"type\":\"auth\",\"token\":\"" + viewer + "\",\"token\":\"" + viewer + "\"}", "malformed",
                        "token"));
        for (Case c : auth) {
            try (WsClient guest = WsClient.connect("/ws/streams/" + show.streamId())) {
                guest.await("snapshot");
                check(guest, c, failures);
                if (!guest.frames("authenticated").isEmpty()) {
                    failures.add(c.frame() + ": signed in anyway");
                }
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));

        assertEquals(0, count("select count(*) from orders where sale_id = $1", sale), "no order from a bad buy");
        assertEquals(0, count("select count(*) from auction_bid where auction_id = $1", auction), "no bad bid");
        assertEquals(0, count("select count(*) from voucher_claim where voucher_id = $1", voucher), "no bad claim");

        try (WsClient socket = WsClient.viewer(show.streamId(), viewer)) {
            socket.await("snapshot");
            socket.send("{\"type\":\"buy\",\"saleId\":" + sale + ",\"requestId\":\"good-buy\"}");
            assertEquals("WON", socket.await("buy-answer").path("data").path("outcome").asText());
            socket.send(bid(auction, "\"amountMinor\":500").replace("\"requestId\":\"r-1\"", "\"requestId\":\"good-bid\""));
            assertEquals("LEADING", socket.await("bid-answer").path("data").path("outcome").asText());
            socket.send("{\"type\":\"claim\",\"voucherId\":" + voucher + ",\"requestId\":\"good-claim\"}");
            assertEquals("CLAIMED", socket.await("claim-answer").path("data").path("outcome").asText());
        }
        assertEquals(1, count("select count(*) from orders where sale_id = $1", sale));
        assertEquals(1, count("select count(*) from auction_bid where auction_id = $1", auction));
        assertEquals(1, count("select count(*) from voucher_claim where voucher_id = $1", voucher));
    }

    /** The cases every command shares: its id and its requestId malformed one way at a time. */
    private static void commandCases(List<Case> cases, String type, String idField, long id, String rest) {
        String head = "{\"type\":\"" + type + "\",";
        String good = "\"" + idField + "\":" + id;
        cases.add(new Case(head + good + "," + good + ",\"requestId\":\"r-1\"" + rest + "}", "malformed", idField));
        cases.add(new Case(head + "\"" + idField + "\":\"" + id + "\",\"requestId\":\"r-1\"" + rest + "}", "bad-request",
                idField));
        cases.add(new Case(head + "\"" + idField + "\":" + id + ".5,\"requestId\":\"r-1\"" + rest + "}", "bad-request",
                idField));
        cases.add(new Case(head + "\"" + idField + "\":-" + id + ",\"requestId\":\"r-1\"" + rest + "}", "bad-request",
                idField));
        cases.add(new Case(head + "\"requestId\":\"r-1\"" + rest + "}", "bad-request", idField));
        cases.add(new Case(head + good + ",\"requestId\":\"r-1\",\"requestId\":\"r-2\"" + rest + "}", "malformed",
                "requestId"));
        cases.add(new Case(head + good + ",\"requestId\":7" + rest + "}", "bad-request", "requestId"));
        cases.add(new Case(head + good + ",\"requestId\":\"a\\u0000b\"" + rest + "}", "bad-request", "requestId"));
        cases.add(new Case(head + good + ",\"requestId\":\"a\\ud800b\"" + rest + "}", "bad-request", "requestId"));
        cases.add(new Case(head + good + ",\"requestId\":\"\"" + rest + "}", "bad-request", "requestId"));
        cases.add(new Case(head + good + rest + "}", "bad-request", "requestId"));
    }

    private static String bid(long auction, String amount) {
        return "{\"type\":\"bid\",\"auctionId\":" + auction + ",\"requestId\":\"r-1\"," + amount + "}";
    }

    /** Sends the bad frame: the error frame with its code and field, then a ping that is still answered. */
    private static void check(WsClient socket, Case c, List<String> failures) {
        socket.send(c.frame());
        JsonNode error;
        try {
            error = socket.await(f -> f.path("type").asText().equals("error"), Duration.ofSeconds(15));
        } catch (AssertionError none) {
            failures.add(c.frame() + ": no error frame; got " + socket.frames().stream()
                    .filter(f -> !f.path("type").asText().equals("snapshot")).toList());
            return;
        }
        if (!c.code().equals(error.path("code").asText()) || !c.field().equals(error.path("field").asText())) {
            failures.add(c.frame() + ": expected " + c.code() + " naming " + c.field() + ", got " + error);
            return;
        }
        socket.send("{\"type\":\"ping\"}");
        socket.await("pong");
        if (socket.isClosed()) {
            failures.add(c.frame() + ": the socket closed");
        }
    }

    private static long sale(Streams show) {
        Number id = as(show.hostToken()).body(Map.of("streamId", show.streamId(), "productId", show.products().get(0),
                "priceMinor", 100, "quantity", 5, "perBuyerLimit", 1, "durationSeconds", 600))
                .post("/api/sales").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    private static long auction(Streams show) {
        Number id = as(show.hostToken()).body(Map.of("streamId", show.streamId(), "productId", show.products().get(1),
                "startingPriceMinor", 100, "durationSeconds", 600, "mode", "STANDARD"))
                .post("/api/auctions").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    private static long voucher(Streams show) {
        Number id = as(show.hostToken()).body(Map.of("code", "SOCKET" + Math.abs(System.nanoTime() % 1_000_000_000L),
                "kind", "FIXED", "amountMinor", 100, "quantity", 10, "perBuyerLimit", 1,
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString()))
                .post("/api/vouchers").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }
}
