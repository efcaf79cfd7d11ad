package io.liveshop.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The commerce client driven by {@code src/test/bench/commerce.sh} (docs/BENCHMARKS.md), with the flash-sale rush
 * client's method: against a running server (its PID given, to read its CPU from /proc).
 * <ul>
 * <li>Checkout: {@code shoppers} buyers each save an address and put two products (one seller) in their cart
 * beforehand; then each checks out once with the sandbox card, the sends spread evenly at {@code rate} checkouts a
 * second (open loop: latency from the scheduled send to the 201). Reports p50/p99/max and server CPU per checkout.
 * <li>Voucher rush: the host drops a live-only voucher of {@code vouchers} units (one per buyer) and
 * {@code claimers} distinct buyers claim it at once: a share {@code wsShare} (0.2) of them already watching the
 * stream send the WebSocket {@code claim} command, the others POST the claim. Reports claims answered per second,
 * p50/p99, server CPU per claim, the outcome counts per transport, and checks exactly {@code vouchers} were claimed
 * and the invariant holds. With {@code pgPort} it reads PostgreSQL's {@code pg_stat_database} (commits, rows
 * inserted and updated) before and after the rush, to show that only the winners' claims reached the database.
 * </ul>
 * Each is run once as a warm-up (a tenth of the size) before the measured run. CPU is the utime+stime delta of
 * /proc/PID/stat over the window (first send to last answer) divided by operations.
 *
 * <p>System properties: host, port, serverPid, postgresPid, pgPort, shoppers, rate, claimers, vouchers, wsShare.
 */
public final class CommerceBench {

    private static final String HOST = System.getProperty("host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("port", 8099);
    private static final long SERVER_PID = Long.getLong("serverPid", 0);
    private static final long POSTGRES_PID = Long.getLong("postgresPid", 0);
    private static final int SHOPPERS = Integer.getInteger("shoppers", 1500);
    private static final int RATE = Integer.getInteger("rate", 100);
    private static final int CLAIMERS = Integer.getInteger("claimers", 5000);
    private static final int VOUCHERS = Integer.getInteger("vouchers", 500);
    private static final double WS_SHARE = Double.parseDouble(System.getProperty("wsShare", "0.2"));
    private static final int PG_PORT = Integer.getInteger("pgPort", 0);
    /** PostgreSQL 15 backends flush their statistics when idle, at most every second: wait before reading them. */
    private static final long STATS_SETTLE_MILLIS = Long.getLong("statsSettleMillis", 12_000);
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(HOST)
            .setDefaultPort(PORT).setMaxPoolSize(16).setKeepAlive(true).setMaxWaitQueueSize(-1)
            .setMaxWebSockets(20_000));
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private JsonObject seed;
    private boolean ok = true;

    public static void main(String[] args) throws Exception {
        CommerceBench bench = new CommerceBench();
        try {
            bench.seed = bench.call(HttpMethod.POST, "/api/loadtest/seed", null,
                    new JsonObject().put("products", 2).put("stock", 1_000_000));
            bench.checkouts("warm-up", Math.max(10, SHOPPERS / 10), false);
            bench.voucherRush("warm-up", Math.max(10, CLAIMERS / 10), Math.max(1, VOUCHERS / 10), false);
            bench.checkouts("measured", SHOPPERS, true);
            bench.voucherRush("measured", CLAIMERS, VOUCHERS, true);
        } finally {
            bench.vertx.close();
        }
        System.out.println(bench.ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
        System.exit(bench.ok ? 0 : 1);
    }

    private void checkouts(String label, int count, boolean report) throws Exception {
        String[] tokens = tokens("shopper-" + label, count);
        JsonArray products = seed.getJsonArray("productIds");
        long[] addresses = new long[count];
        List<Future<Buffer>> prep = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            prep.add(request(HttpMethod.POST, "/api/addresses", tokens[i], null, new JsonObject()
                    .put("name", "Bench Shopper").put("line1", "1 Bench Road").put("city", "Paris")
                    .put("postalCode", "75001").put("country", "FR"))
                    .map(b -> addresses[n] = new JsonObject(b).getLong("id"))
                    .compose(x -> request(HttpMethod.POST, "/api/cart/lines", tokens[n], null,
                            new JsonObject().put("productId", products.getLong(0)).put("quantity", 1)))
                    .compose(x -> request(HttpMethod.POST, "/api/cart/lines", tokens[n], null,
                            new JsonObject().put("productId", products.getLong(1)).put("quantity", 2))));
            if (prep.size() >= 64) {
                Future.all(prep).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
                prep.clear();
            }
        }
        Future.all(prep).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);

        AtomicLongArray latency = new AtomicLongArray(count);
        Map<String, Integer> answers = new TreeMap<>();
        CountDownLatch done = new CountDownLatch(count);
        long intervalNanos = 1_000_000_000L / RATE;
        long cpu0 = ProcCpu.ticks(SERVER_PID);
        long pg0 = ProcCpu.postgresTicks(POSTGRES_PID);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            request(HttpMethod.POST, "/api/checkout", tokens[i], UUID.randomUUID().toString(),
                    new JsonObject().put("addressId", addresses[i]).put("cardToken", "tok_visa"))
                    .onComplete(ar -> {
                        latency.set(n, System.nanoTime() - due);
                        count(answers, ar.succeeded() ? "201" : String.valueOf(ar.cause().getMessage()).split(" ")[0]);
                        done.countDown();
                    });
        }
        done.await(300, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = ProcCpu.ticks(SERVER_PID) - cpu0;
        long pg = ProcCpu.postgresTicks(POSTGRES_PID) - pg0;
        if (!report) {
            System.out.printf("checkout %s: %d checkouts, answers %s%n", label, count, answers);
            return;
        }
        long[] l = sorted(latency);
        System.out.printf("checkout (%s): %d shoppers, 2 lines each (one seller), open loop at %d checkouts/s, %.1f s%n",
                label, count, RATE, seconds);
        System.out.printf("  checkout latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ProcCpu.pct(l, 50), ProcCpu.pct(l, 99),
                l[l.length - 1] / 1e6);
        System.out.printf("  server CPU       %.0f us per checkout (JVM %d ticks); embedded PostgreSQL %.0f us per"
                + " checkout%n", cpu * TICK_NANOS / 1e3 / count, cpu, pg * TICK_NANOS / 1e3 / count);
        System.out.println("  answers          " + answers);
        check("every checkout created (201)", answers.getOrDefault("201", 0) == count, answers.toString());
    }

    private void voucherRush(String label, int claimers, int units, boolean report) throws Exception {
        String[] tokens = tokens("claimer-" + label, claimers);
        Instant now = Instant.now();
        JsonObject voucher = call(HttpMethod.POST, "/api/vouchers", hostToken(), new JsonObject()
                .put("code", ("B" + run + label).toUpperCase().replaceAll("[^A-Z0-9]", "").substring(0, 12))
                .put("kind", "FIXED").put("amountMinor", 100).put("minSpendMinor", 0).put("quantity", units)
                .put("perBuyerLimit", 1).put("startsAt", now.minusSeconds(60).toString())
                .put("endsAt", now.plusSeconds(3600).toString()).put("streamId", seed.getLong("streamId")));
        long voucherId = voucher.getLong("id");
        call(HttpMethod.POST, "/api/streams/" + seed.getLong("streamId") + "/vouchers", hostToken(),
                new JsonObject().put("voucherId", voucherId));

        int wsCount = (int) Math.round(claimers * WS_SHARE);
        List<ClaimSocket> sockets = connect(java.util.Arrays.copyOfRange(tokens, 0, wsCount));
        AtomicLongArray latency = new AtomicLongArray(claimers);
        Map<String, Integer> answers = new TreeMap<>();
        CountDownLatch done = new CountDownLatch(claimers);
        Thread.sleep(300); // the drop's frames settle on the watching claimers
        long[] db0 = report ? dbCounters() : null;
        long cpu0 = ProcCpu.ticks(SERVER_PID);
        long pg0 = ProcCpu.postgresTicks(POSTGRES_PID);
        long start = System.nanoTime();
        for (int i = 0; i < sockets.size(); i++) {
            int n = i;
            sockets.get(i).claim(voucherId, UUID.randomUUID().toString(), outcome -> {
                latency.set(n, System.nanoTime() - start);
                count(answers, "ws " + outcome);
                done.countDown();
            });
        }
        for (int i = sockets.size(); i < claimers; i++) {
            int n = i;
            request(HttpMethod.POST, "/api/vouchers/" + voucherId + "/claim", tokens[i], UUID.randomUUID().toString(),
                    null).onComplete(ar -> {
                        latency.set(n, System.nanoTime() - start);
                        count(answers, ar.succeeded() ? "http " + new JsonObject(ar.result()).getString("outcome")
                                : "error " + String.valueOf(ar.cause().getMessage()).split(" ")[0]);
                        done.countDown();
                    });
        }
        done.await(300, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = ProcCpu.ticks(SERVER_PID) - cpu0;
        long pg = ProcCpu.postgresTicks(POSTGRES_PID) - pg0;
        sockets.forEach(s -> s.socket.close());
        JsonObject invariant = call(HttpMethod.GET, "/api/vouchers/" + voucherId + "/invariant", hostToken(), null);
        int claimed = answers.getOrDefault("http CLAIMED", 0) + answers.getOrDefault("ws CLAIMED", 0);
        if (!report) {
            System.out.printf("voucher rush %s: %d claimers (%d by WebSocket) for %d units, answers %s%n", label,
                    claimers, wsCount, units, answers);
            return;
        }
        long[] l = sorted(latency);
        System.out.printf("voucher rush (%s): %d distinct claimers at once (%d watching, claiming on the WebSocket;"
                + " %d over HTTP) for %d live-only units (1 per buyer), %.2f s%n", label, claimers, wsCount,
                claimers - wsCount, units, seconds);
        System.out.printf("  claims answered  %.0f/s%n", claimers / seconds);
        System.out.printf("  claim latency    p50 %.1f ms, p99 %.1f ms, max %.1f ms (from the burst's start)%n",
                ProcCpu.pct(l, 50), ProcCpu.pct(l, 99), l[l.length - 1] / 1e6);
        System.out.printf("  server CPU       %.0f us per claim (JVM %d ticks); embedded PostgreSQL %.0f us per claim%n",
                cpu * TICK_NANOS / 1e3 / claimers, cpu, pg * TICK_NANOS / 1e3 / claimers);
        System.out.println("  answers          " + answers);
        System.out.println("  invariant        " + invariant.encode());
        check("exactly " + units + " claimed", claimed == units && invariant.getInteger("claimed") == units,
                claimed + " CLAIMED answers, " + invariant.getInteger("claimed") + " claim rows");
        check("every claim answered", answers.values().stream().mapToInt(Integer::intValue).sum() == claimers
                && answers.keySet().stream().noneMatch(k -> k.startsWith("error") || k.endsWith("error-frame")),
                answers.toString());
        check("invariant holds, claimed + available == quantity", invariant.getBoolean("holds")
                && invariant.getInteger("claimed") + invariant.getInteger("available") == invariant.getInteger("quantity"),
                invariant.encode());
        if (db0 != null) {
            Thread.sleep(STATS_SETTLE_MILLIS);
            long[] db1 = dbCounters();
            long commits = db1[0] - db0[0];
            long inserted = db1[1] - db0[1];
            long updated = db1[2] - db0[2];
            System.out.printf("  database         over the rush (pg_stat_database, after %d s for the statistics to"
                    + " settle): %d commits, %d rows inserted, %d rows updated, for %d claims%n",
                    STATS_SETTLE_MILLIS / 1000, commits, inserted, updated, claimers);
            // each winner: one claim row inserted and the voucher's counter updated, in one transaction; a few more
            // commits come from the statistics reads themselves and the server's periodic jobs
            check("losers skip the database (inserts == claims written)", inserted == units,
                    inserted + " rows inserted for " + units + " winners and " + (claimers - units) + " losers");
            check("losers skip the database (commits about the winners')", commits <= units + 50,
                    commits + " commits for " + units + " winners and " + (claimers - units) + " losers");
        }
    }

    /** {xact_commit, tup_inserted, tup_updated} of the server's database, read on a fresh connection. */
    private long[] dbCounters() throws Exception {
        if (PG_PORT == 0) {
            return null;
        }
        PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(PG_PORT)
                .setDatabase("postgres").setUser("postgres").setPassword("postgres");
        return PgConnection.connect(vertx, options).compose(conn -> conn.query("""
                select xact_commit, tup_inserted, tup_updated from pg_stat_database where datname = 'postgres'""")
                .execute().map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] { r.getLong(0), r.getLong(1), r.getLong(2) };
                }).eventually(() -> conn.close())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A watching claimer: connected to the stream, claims with the {@code claim} command, hears one answer. */
    private static final class ClaimSocket {
        final WebSocket socket;
        volatile java.util.function.Consumer<String> onAnswer;
        volatile String requestId;

        ClaimSocket(WebSocket socket) {
            this.socket = socket;
            socket.textMessageHandler(text -> {
                java.util.function.Consumer<String> answer = onAnswer;
                if (answer == null || requestId == null || !text.contains(requestId)) {
                    return;
                }
                JsonObject frame = new JsonObject(text);
                if ("claim-answer".equals(frame.getString("type"))) {
                    onAnswer = null;
                    answer.accept(frame.getJsonObject("data").getString("outcome"));
                } else if ("error".equals(frame.getString("type"))) {
                    onAnswer = null;
                    answer.accept("error-frame");
                }
            });
        }

        void claim(long voucherId, String requestId, java.util.function.Consumer<String> onAnswer) {
            this.requestId = requestId;
            this.onAnswer = onAnswer;
            socket.writeTextMessage("{\"type\":\"claim\",\"voucherId\":" + voucherId + ",\"requestId\":\""
                    + requestId + "\"}");
        }
    }

    private List<ClaimSocket> connect(String[] tokens) throws Exception {
        StreamSockets.Connected<ClaimSocket> connection = StreamSockets.connect(http, HOST, PORT, seed.getLong("streamId"),
                tokens, ClaimSocket::new);
        List<ClaimSocket> sockets = connection.sockets();
        if (connection.failed() > 0) {
            check("every watching claimer connected", false, connection.failed() + " WebSocket connections failed");
        }
        return sockets;
    }

    private void check(String name, boolean passed, String detail) {
        System.out.println((passed ? "  PASS " : "  FAIL ") + name + ": " + detail);
        ok &= passed;
    }

    private String hostToken() {
        return seed.getString("hostToken");
    }

    private static long[] sorted(AtomicLongArray values) {
        long[] l = new long[values.length()];
        for (int i = 0; i < l.length; i++) {
            l[i] = values.get(i);
        }
        Arrays.sort(l);
        return l;
    }

    private static void count(Map<String, Integer> answers, String key) {
        synchronized (answers) {
            answers.merge(key, 1, Integer::sum);
        }
    }

    // ---------- HTTP plumbing ----------

    private String[] tokens(String name, int count) throws Exception {
        String[] tokens = new String[count];
        for (int from = 0; from < count; from += 20_000) {
            int n = Math.min(20_000, count - from);
            JsonArray minted = new JsonArray(request(HttpMethod.POST, "/api/dev/tokens/batch", null, null,
                    new JsonObject().put("prefix", "commerce-" + run + "-" + name + "-" + from).put("count", n)
                            .put("roles", new JsonArray().add("viewer")))
                    .toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS));
            for (int i = 0; i < n; i++) {
                tokens[from + i] = minted.getJsonObject(i).getString("token");
            }
        }
        return tokens;
    }

    private JsonObject call(HttpMethod method, String uri, String token, JsonObject body) throws Exception {
        return new JsonObject(request(method, uri, token, null, body).toCompletionStage().toCompletableFuture()
                .get(300, TimeUnit.SECONDS));
    }

    /** Fails with a message starting with the status code for any answer of 300 or more. */
    private Future<Buffer> request(HttpMethod method, String uri, String token, String idempotencyKey,
            JsonObject body) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setTimeout(300_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            options.putHeader("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return http.request(options).compose(req -> (body == null ? req.send() : req.send(body.toBuffer()))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() >= 300) {
                        throw new IllegalStateException(resp.statusCode() + " " + method + " " + uri + " " + b);
                    }
                    return b;
                })));
    }
}
