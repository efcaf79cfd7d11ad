package io.liveshop.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flash-sale rush load client (see docs/BENCHMARKS-flashsale.md): creates a shop, a product and a sale of
 * {@code units} units (limit 1), mints {@code buyers} tokens, then fires one buy per buyer as fast as it can over
 * a pool of keep-alive connections and reports the answers, attempts/s and answer latency (measured from the
 * moment each request is issued by the client, so it includes client-side queueing for a connection).
 *
 * <p>Arguments: host port buyers units connections. Exits non-zero unless exactly {@code units} orders won, every
 * attempt was answered and the server's invariant holds.
 */
public final class FlashSaleRush {

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        int buyers = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int units = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 256;

        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setMaxPoolSize(connections).setKeepAlive(true).setMaxWaitQueueSize(-1));
        try {
            String run = Long.toString(System.currentTimeMillis(), 36);
            String seller = call(http, HttpMethod.POST, "/api/dev/tokens", null,
                    new JsonObject().put("subject", "bench-seller-" + run).put("roles", new JsonArray().add("seller")))
                    .getString("token");
            call(http, HttpMethod.POST, "/api/sellers", seller, new JsonObject().put("name", "Bench shop"));
            long productId = call(http, HttpMethod.POST, "/api/products", seller, new JsonObject().put("title", "Bench")
                    .put("priceMinor", 1000).put("currency", "EUR").put("initialStock", units).put("status", "ACTIVE"))
                    .getLong("id");
            long saleId = call(http, HttpMethod.POST, "/api/sales", seller, new JsonObject().put("streamId", 1)
                    .put("productId", productId).put("priceMinor", 500).put("quantity", units).put("perBuyerLimit", 1)
                    .put("countdownSeconds", 0).put("durationSeconds", 1200)).getLong("id");
            long mintStart = System.nanoTime();
            JsonArray minted = callArray(http, "/api/dev/tokens/batch", new JsonObject().put("prefix", "bench-" + run)
                    .put("count", buyers).put("roles", new JsonArray().add("viewer")));
            String[] tokens = new String[buyers];
            for (int i = 0; i < buyers; i++) {
                tokens[i] = minted.getJsonObject(i).getString("token");
            }
            System.out.printf("setup: sale %d, %d tokens minted in %d ms%n", saleId, buyers,
                    (System.nanoTime() - mintStart) / 1_000_000);

            // warm the connection pool so connection set-up is not part of the rush
            CountDownLatch warm = new CountDownLatch(connections);
            for (int i = 0; i < connections; i++) {
                http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/q/health/live"))
                        .compose(r -> r.send().compose(resp -> resp.body()))
                        .onComplete(x -> warm.countDown());
            }
            warm.await(30, TimeUnit.SECONDS);

            long[] latency = new long[buyers];
            Map<String, AtomicInteger> outcomes = new TreeMap<>();
            AtomicInteger errors = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(buyers);
            String uri = "/api/sales/" + saleId + "/buy";
            long start = System.nanoTime();
            for (int i = 0; i < buyers; i++) {
                int n = i;
                long sent = System.nanoTime();
                http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
                                .putHeader("Authorization", "Bearer " + tokens[n]).putHeader("Idempotency-Key", "rush"))
                        .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
                            String outcome = resp.statusCode() + " " + new JsonObject(body).getString("outcome");
                            return outcome;
                        })))
                        .onComplete(ar -> {
                            latency[n] = System.nanoTime() - sent;
                            String key = ar.succeeded() ? ar.result() : "error " + ar.cause().getClass().getSimpleName();
                            if (ar.failed()) {
                                errors.incrementAndGet();
                            }
                            synchronized (outcomes) {
                                outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            }
                            done.countDown();
                        });
            }
            long issued = System.nanoTime() - start;
            done.await(300, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            Arrays.sort(latency);
            System.out.printf("rush: %d attempts issued in %d ms, all answered in %d ms -> %.0f attempts/s%n", buyers,
                    issued / 1_000_000, elapsed / 1_000_000, buyers / (elapsed / 1e9));
            System.out.printf("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", pct(latency, 50),
                    pct(latency, 90), pct(latency, 99), latency[buyers - 1] / 1e6);
            System.out.println("answers: " + outcomes);
            JsonObject invariant = call(http, HttpMethod.GET, "/api/sales/" + saleId + "/invariant", seller, null);
            System.out.println("invariant: " + invariant.encode());
            int won = outcomes.getOrDefault("201 WON", new AtomicInteger()).get();
            int answered = outcomes.values().stream().mapToInt(AtomicInteger::get).sum() - errors.get();
            boolean ok = won == units && answered == buyers && invariant.getBoolean("holds")
                    && invariant.getJsonObject("database").getInteger("held") == units;
            System.out.println(ok ? "OK: exactly " + units + " orders, every attempt answered" : "FAILED");
            System.exit(ok ? 0 : 1);
        } finally {
            vertx.close();
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
    }

    private static JsonObject call(HttpClient http, HttpMethod method, String uri, String token, JsonObject body)
            throws Exception {
        return new JsonObject(send(http, method, uri, token, body));
    }

    private static JsonArray callArray(HttpClient http, String uri, JsonObject body) throws Exception {
        return new JsonArray(send(http, HttpMethod.POST, uri, null, body));
    }

    private static Buffer send(HttpClient http, HttpMethod method, String uri, String token, JsonObject body)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setTimeout(300_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        Future<Buffer> response = http.request(options).compose(req -> (body == null ? req.send() : req.send(body.toBuffer()))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() >= 300) {
                        throw new IllegalStateException(method + " " + uri + " -> " + resp.statusCode() + " " + b);
                    }
                    return b;
                })));
        return response.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    }
}
