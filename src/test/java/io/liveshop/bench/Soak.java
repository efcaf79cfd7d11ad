package io.liveshop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak client driven by {@code src/test/bench/soak.sh}: {@code rounds} whole shows, {@code parallel} at a time.
 * A show is a seeded host, shop, product and LIVE stream; a viewer socket that gets its snapshot; a stream and a
 * product read; a pin; a flash sale of 5 units that 3 buyers win; the sale ended; the stream ended; the viewer gone.
 * Prints the rounds done and every failed step; exits non-zero if any failed.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final List<String> buyers;
    private final String viewer;
    private final String tag;
    private final AtomicInteger failures = new AtomicInteger();

    private Soak(String base, List<String> buyers, String viewer, String tag) {
        this.base = base;
        this.buyers = buyers;
        this.viewer = viewer;
        this.tag = tag;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int parallel = Integer.parseInt(args[2]);
        String tag = args[3];
        String base = "http://127.0.0.1:" + port;
        JsonNode minted = send(base, "POST", "/api/dev/tokens/batch", null,
                "{\"prefix\":\"soak-" + tag + "\",\"count\":300,\"roles\":[\"viewer\"]}", null).body;
        List<String> buyers = new ArrayList<>();
        minted.forEach(t -> buyers.add(t.path("token").asText()));
        String viewer = send(base, "POST", "/api/dev/tokens", null,
                "{\"subject\":\"soak-viewer-" + tag + "\",\"roles\":[\"viewer\"]}", null).body.path("token").asText();
        Soak soak = new Soak(base, buyers, viewer, tag);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        for (int r = 0; r < rounds; r++) {
            int round = r;
            pool.submit(() -> {
                try {
                    soak.show(round);
                } catch (Exception e) {
                    soak.fail("round " + round + ": " + e);
                }
                done.incrementAndGet();
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        System.out.printf("soak %s: %d shows (stream + sale each) in %.1f s, %d failed steps%n", tag, done.get(),
                (System.nanoTime() - start) / 1e9, soak.failures.get());
        System.exit(soak.failures.get() == 0 ? 0 : 1);
    }

    private void show(int round) throws Exception {
        Answer seed = send(base, "POST", "/api/loadtest/seed", null, "{\"products\":1,\"stock\":50}", null);
        if (seed.status / 100 != 2) {
            fail("round " + round + ": seed answered " + seed.status + " " + seed.body);
            return;
        }
        JsonNode seeded = seed.body;
        long stream = seeded.path("streamId").asLong();
        long product = seeded.path("productIds").get(0).asLong();
        String host = seeded.path("hostToken").asText();
        CompletableFuture<String> snapshot = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(
                URI.create(base.replace("http", "ws") + "/ws/streams/" + stream + "?access_token=" + viewer),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        snapshot.complete(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(30, TimeUnit.SECONDS);
        if (!snapshot.get(30, TimeUnit.SECONDS).contains("\"snapshot\"")) {
            fail("round " + round + ": first frame is not a snapshot");
        }
        expect(200, "stream read", send(base, "GET", "/api/streams/" + stream, null, null, null));
        expect(200, "product read", send(base, "GET", "/api/products/" + product, null, null, null));
        expect(200, "pin", send(base, "POST", "/api/streams/" + stream + "/pin", host, "{\"productId\":" + product + "}", null));
        JsonNode sale = expect(201, "sale", send(base, "POST", "/api/sales", host, """
                {"streamId":%d,"productId":%d,"priceMinor":990,"quantity":5,"perBuyerLimit":1,"countdownSeconds":0,
                 "durationSeconds":600}""".formatted(stream, product), null));
        if (sale != null) {
            long saleId = sale.path("id").asLong();
            for (int b = 0; b < 3; b++) {
                String buyer = buyers.get((round * 3 + b) % buyers.size());
                JsonNode answer = expect(201, "buy", send(base, "POST", "/api/sales/" + saleId + "/buy", buyer, null,
                        "soak-" + tag + "-" + round + "-" + b));
                if (answer != null && !"WON".equals(answer.path("outcome").asText())) {
                    fail("round " + round + ": buy answered " + answer);
                }
            }
            expect(200, "end sale", send(base, "POST", "/api/sales/" + saleId + "/end", host, null, null));
        }
        expect(200, "end stream", send(base, "POST", "/api/streams/" + stream + "/end", host, null, null));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
        closed.get(30, TimeUnit.SECONDS);
    }

    private JsonNode expect(int status, String step, Answer answer) {
        if (answer.status != status) {
            fail(step + " answered " + answer.status + " " + answer.body);
            return null;
        }
        return answer.body;
    }

    private void fail(String what) {
        if (failures.incrementAndGet() <= 20) {
            System.out.println("FAILED " + what);
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer send(String base, String method, String path, String token, String body, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }
}
