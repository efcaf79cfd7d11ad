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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The flash-sale rush client driven by {@code src/test/bench/flashsale-rush.sh} (see docs/BENCHMARKS-flashsale.md).
 * Against a running server (its PID given, to read its CPU from /proc): seeds a live stream, mints a fresh token per
 * buyer, warms up on throwaway sales, then runs three rushes on sales of {@code units} units, limit 1:
 * <ol>
 * <li>HTTP, closed loop: {@code httpBuyers} distinct buyers over {@code connections} keep-alive connections, all
 * issued at once (latency counted from issue, so it includes waiting for a connection);</li>
 * <li>HTTP, open loop: as many distinct buyers offered at {@code openRate} attempts/s (latency from the scheduled
 * send time);</li>
 * <li>WebSocket: {@code wsBuyers} buyers already connected to the stream all send {@code buy} at once (latency from
 * send to the {@code buy-answer} frame).</li>
 * </ol>
 * Each prints attempts/s, p50/p99/max, server CPU per attempt (utime+stime delta of the server's /proc/PID/stat over
 * the rush / attempts), the ratio to pgbench's tps, and checks that exactly {@code units} were WON and the
 * server's invariant holds. Exits non-zero on a failed check.
 *
 * <p>System properties: host, port, serverPid, postgresPid, pgbenchTps, units, httpBuyers, openBuyers, openRate,
 * wsBuyers, connections, warmSeconds, freshWarmRounds (warm-up rounds of 5,000 never-seen tokens), jfrDir (when set, a JFR profile of each rush is written there via jcmd).
 */
public final class FlashSaleRush {

    private static final String HOST = System.getProperty("host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("port", 8089);
    private static final long SERVER_PID = Long.getLong("serverPid", 0);
    private static final long POSTGRES_PID = Long.getLong("postgresPid", 0);
    private static final double PGBENCH_TPS = Double.parseDouble(System.getProperty("pgbenchTps", "0"));
    private static final int UNITS = Integer.getInteger("units", 1000);
    private static final int HTTP_BUYERS = Integer.getInteger("httpBuyers", 20_000);
    private static final int OPEN_BUYERS = Integer.getInteger("openBuyers", 20_000);
    private static final int OPEN_RATE = Integer.getInteger("openRate", 5_000);
    private static final int WS_BUYERS = Integer.getInteger("wsBuyers", 10_000);
    private static final int CONNECTIONS = Integer.getInteger("connections", 256);
    private static final String JFR_DIR = System.getProperty("jfrDir");
    private static final int WARM_SECONDS = Integer.getInteger("warmSeconds", 45);
    private static final int FRESH_WARM_ROUNDS = Integer.getInteger("freshWarmRounds", 4);
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(HOST)
            .setDefaultPort(PORT).setMaxPoolSize(CONNECTIONS).setKeepAlive(true).setMaxWaitQueueSize(-1)
            .setMaxWebSockets(WS_BUYERS + 100));
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private JsonObject seed;
    private boolean ok = true;

    public static void main(String[] args) throws Exception {
        FlashSaleRush rush = new FlashSaleRush();
        try {
            rush.all();
        } finally {
            rush.vertx.close();
        }
        System.out.println(rush.ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
        System.exit(rush.ok ? 0 : 1);
    }

    private void all() throws Exception {
        seed = call(HttpMethod.POST, "/api/loadtest/seed", null, new JsonObject().put("products", 5).put("stock", 1_000_000));
        long t0 = System.nanoTime();
        String[] warmHttp = tokens("warm", 5_000);
        String[] warmFresh = tokens("warm-fresh", FRESH_WARM_ROUNDS * 5_000);
        String[] closed = tokens("closed", HTTP_BUYERS);
        String[] open = tokens("open", OPEN_BUYERS);
        String[] ws = tokens("ws", WS_BUYERS);
        System.out.printf("setup: stream %d, %d tokens minted in %d ms%n", seed.getLong("streamId"),
                warmHttp.length + warmFresh.length + closed.length + open.length + ws.length, (System.nanoTime() - t0) / 1_000_000);

        // Warm-up on throwaway sales until the JIT has compiled the buy path: a profile of a shorter warm-up showed
        // C2 compiling through most of the first rush. Warm-up buyers come back each round (their tokens are then
        // known), the rushes' buyers are all new: so the first rounds present tokens never seen before, compiling the
        // full token verification the rushes pay for.
        warmPool();
        long warmStart = System.nanoTime();
        for (int r = 0; r < FRESH_WARM_ROUNDS; r++) {
            closedLoop(sale(0), Arrays.copyOfRange(warmFresh, r * 5_000, (r + 1) * 5_000), null);
        }
        int rounds = 0;
        while (rounds < 3 || System.nanoTime() - warmStart < WARM_SECONDS * 1_000_000_000L) {
            closedLoop(sale(0), warmHttp, null);
            rounds++;
        }
        openLoop(sale(0), Arrays.copyOf(warmHttp, 2_000), 2_000, null);
        System.out.printf("warm-up: %d HTTP rounds of 5000 new buyers, %d rounds of %d returning buyers in %d ms%n",
                FRESH_WARM_ROUNDS, rounds, warmHttp.length,
                (System.nanoTime() - warmStart) / 1_000_000);

        report("HTTP closed loop, " + closed.length + " buyers, " + CONNECTIONS + " connections",
                closedLoop(sale(1), closed, "http-closed"));
        report("HTTP open loop offered at " + OPEN_RATE + "/s, " + open.length + " buyers",
                openLoop(sale(2), open, OPEN_RATE, "http-open"));

        // the socket buyers connect only now, so the HTTP rushes above paid no fan-out to 10,000 viewers
        List<Socket> sockets = connect(ws);
        for (int i = 0; i < 6; i++) {
            socketRush(sale(0), sockets, null);
        }
        report("WebSocket, " + sockets.size() + " connected buyers press buy at once",
                socketRush(sale(3), sockets, "ws"));
        sockets.forEach(s -> s.socket.close());
    }

    // ---------- the three rushes ----------

    private record Result(long saleId, int attempts, long nanos, long[] latency, Map<String, Integer> answers,
            long serverTicks, long jitTicks, long postgresTicks, int extraFrames, boolean[] won) {
    }

    private Result closedLoop(long saleId, String[] buyers, String profile) throws Exception {
        String uri = "/api/sales/" + saleId + "/buy";
        Measure m = Measure.start(profile);
        long[] latency = new long[buyers.length];
        boolean[] won = new boolean[buyers.length];
        Map<String, Integer> answers = new TreeMap<>();
        CountDownLatch done = new CountDownLatch(buyers.length);
        for (int i = 0; i < buyers.length; i++) {
            int n = i;
            long sent = System.nanoTime();
            buy(uri, buyers[n], "rush-" + saleId).onComplete(ar -> {
                latency[n] = System.nanoTime() - sent;
                won[n] = ar.succeeded() && ar.result().endsWith("WON");
                count(answers, ar.succeeded() ? ar.result() : "error " + ar.cause().getClass().getSimpleName());
                done.countDown();
            });
        }
        done.await(300, TimeUnit.SECONDS);
        return m.stop(saleId, buyers.length, latency, answers, 0, won);
    }

    private Result openLoop(long saleId, String[] buyers, int rate, String profile) throws Exception {
        String uri = "/api/sales/" + saleId + "/buy";
        long[] latency = new long[buyers.length];
        boolean[] won = new boolean[buyers.length];
        Map<String, Integer> answers = new TreeMap<>();
        CountDownLatch done = new CountDownLatch(buyers.length);
        AtomicInteger next = new AtomicInteger();
        Measure m = Measure.start(profile);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        long timer = vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            int due = (int) Math.min(buyers.length, (now - start) / interval + 1);
            for (int n = next.get(); n < due; n = next.incrementAndGet()) {
                int i = n;
                long scheduled = start + i * interval;
                buy(uri, buyers[i], "rush-" + saleId).onComplete(ar -> {
                    latency[i] = System.nanoTime() - scheduled;
                    won[i] = ar.succeeded() && ar.result().endsWith("WON");
                    count(answers, ar.succeeded() ? ar.result() : "error " + ar.cause().getClass().getSimpleName());
                    done.countDown();
                });
            }
        });
        done.await(300, TimeUnit.SECONDS);
        vertx.cancelTimer(timer);
        return m.stop(saleId, buyers.length, latency, answers, 0, won);
    }

    private static final class Socket {
        final WebSocket socket;
        volatile long sent;
        volatile long answered;
        volatile String answer;
        final AtomicInteger pushed = new AtomicInteger();
        final AtomicInteger frames = new AtomicInteger();
        volatile CountDownLatch done;

        Socket(WebSocket socket) {
            this.socket = socket;
            socket.textMessageHandler(text -> {
                frames.incrementAndGet();
                if (text.startsWith("{\"type\":\"buy-answer\"") || text.contains("\"type\":\"buy-answer\"")) {
                    answered = System.nanoTime();
                    answer = text.contains("\"outcome\":\"WON\"") ? "WON" : outcome(text);
                    done.countDown();
                } else if (text.contains("\"type\":\"sale.buy-answer\"")) {
                    pushed.incrementAndGet();
                } else if (text.contains("\"type\":\"error\"") && text.contains("requestId")) {
                    answered = System.nanoTime();
                    answer = "error-frame";
                    done.countDown();
                }
            });
        }

        private static String outcome(String text) {
            int at = text.indexOf("\"outcome\":\"");
            return at < 0 ? "?" : text.substring(at + 11, text.indexOf('"', at + 11));
        }
    }

    private List<Socket> connect(String[] buyers) throws Exception {
        long t0 = System.nanoTime();
        StreamSockets.Connected<Socket> connection = StreamSockets.connect(http, HOST, PORT, seed.getLong("streamId"),
                buyers, Socket::new);
        List<Socket> sockets = connection.sockets();
        System.out.printf("connected %d buyers by WebSocket in %d ms (%d failed)%n", sockets.size(),
                (System.nanoTime() - t0) / 1_000_000, connection.failed());
        return sockets;
    }

    private Result socketRush(long saleId, List<Socket> sockets, String profile) throws Exception {
        CountDownLatch done = new CountDownLatch(sockets.size());
        Thread.sleep(300); // let the sale's announcement frames settle
        sockets.forEach(s -> {
            s.done = done;
            s.answer = null;
            s.pushed.set(0);
            s.frames.set(0);
        });
        Measure m = Measure.start(profile);
        String request = "{\"type\":\"buy\",\"saleId\":" + saleId + ",\"requestId\":\"r-" + saleId + "\"}";
        for (Socket s : sockets) {
            s.sent = System.nanoTime();
            s.socket.writeTextMessage(request);
        }
        done.await(300, TimeUnit.SECONDS);
        long[] latency = new long[sockets.size()];
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < latency.length; i++) {
            Socket s = sockets.get(i);
            latency[i] = s.answered - s.sent;
            count(answers, s.answer == null ? "no answer" : s.answer);
        }
        Result r = m.stop(saleId, sockets.size(), latency, answers, 0);
        if (profile != null) {
            int frames = sockets.stream().mapToInt(s -> s.frames.get()).sum();
            System.out.printf("%nframes the buyers received while the rush ran: %d (%.1f per attempt: the answers plus"
                    + " the sale's stock broadcasts to every connected viewer)%n", frames, frames / (double) sockets.size());
        }
        Thread.sleep(500); // any second answer frame would arrive by now
        int pushed = sockets.stream().mapToInt(s -> s.pushed.get()).sum();
        return new Result(r.saleId, r.attempts, r.nanos, r.latency, r.answers, r.serverTicks, r.jitTicks, r.postgresTicks,
                pushed, null);
    }

    // ---------- measuring ----------

    private record Measure(String profile, long nanos, long server, long jit, long postgres, long system) {
        static Measure start(String profile) throws Exception {
            if (profile != null && JFR_DIR != null) {
                jcmd("JFR.start", "name=" + profile, "settings=profile");
            }
            return new Measure(profile, System.nanoTime(), ProcCpu.ticks(SERVER_PID), ProcCpu.jitTicks(SERVER_PID),
                    ProcCpu.postgresTicks(POSTGRES_PID), ProcCpu.systemTicks(SERVER_PID));
        }

        Result stop(long saleId, int attempts, long[] latency, Map<String, Integer> answers, int extra) throws Exception {
            return stop(saleId, attempts, latency, answers, extra, null);
        }

        /** {@code won}: which attempts were answered WON, to report winners' and losers' latency apart. */
        Result stop(long saleId, int attempts, long[] latency, Map<String, Integer> answers, int extra, boolean[] won)
                throws Exception {
            long elapsed = System.nanoTime() - nanos;
            long serverTicks = ProcCpu.ticks(SERVER_PID) - server;
            long jitTicks = ProcCpu.jitTicks(SERVER_PID) - jit;
            lastSystemTicks = ProcCpu.systemTicks(SERVER_PID) - system;
            long postgresTicks = ProcCpu.postgresTicks(POSTGRES_PID) - postgres;
            if (profile != null && JFR_DIR != null) {
                jcmd("JFR.stop", "name=" + profile, "filename=" + Path.of(JFR_DIR, profile + ".jfr").toAbsolutePath());
            }
            return new Result(saleId, attempts, elapsed, latency, answers, serverTicks, jitTicks, postgresTicks, extra, won);
        }
    }

    private static void jcmd(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(SERVER_PID)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    private static long lastSystemTicks;

    private void report(String title, Result r) throws Exception {
        long[] l = r.latency.clone();
        Arrays.sort(l);
        double seconds = r.nanos / 1e9;
        double rate = r.attempts / seconds;
        double cpuUs = r.serverTicks * TICK_NANOS / 1e3 / r.attempts;
        double pgUs = r.postgresTicks * TICK_NANOS / 1e3 / r.attempts;
        JsonObject invariant = call(HttpMethod.GET, "/api/sales/" + r.saleId + "/invariant", seed.getString("hostToken"), null);
        int won = r.answers.entrySet().stream().filter(e -> e.getKey().endsWith("WON")).mapToInt(Map.Entry::getValue).sum();
        int answered = r.answers.entrySet().stream().filter(e -> !e.getKey().startsWith("error")
                && !e.getKey().equals("no answer")).mapToInt(Map.Entry::getValue).sum();
        boolean holds = invariant.getBoolean("holds") && invariant.getJsonObject("database").getInteger("held") == UNITS;
        boolean pass = won == UNITS && answered == r.attempts && holds;
        ok &= pass;
        System.out.println();
        System.out.println("== " + title + " (sale " + r.saleId + ")");
        System.out.printf("  attempts/s      %,.0f  (%d attempts answered in %.2f s)%n", rate, r.attempts, seconds);
        System.out.printf("  answer latency  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ProcCpu.pct(l, 50), ProcCpu.pct(l, 99),
                l[l.length - 1] / 1e6);
        if (r.won != null) {
            long[] winners = java.util.stream.IntStream.range(0, r.attempts).filter(i -> r.won[i]).mapToLong(i -> r.latency[i])
                    .sorted().toArray();
            long[] losers = java.util.stream.IntStream.range(0, r.attempts).filter(i -> !r.won[i])
                    .mapToLong(i -> r.latency[i]).sorted().toArray();
            if (winners.length > 0 && losers.length > 0) {
                System.out.printf("  by outcome      WON p50 %.1f ms, p99 %.1f ms; the others p50 %.1f ms, p99 %.1f ms%n",
                        ProcCpu.pct(winners, 50), ProcCpu.pct(winners, 99), ProcCpu.pct(losers, 50), ProcCpu.pct(losers, 99));
            }
        }
        System.out.printf("  server CPU      %.1f us per attempt (JVM utime+stime %d ticks; of it, per attempt: JIT compiler"
                + " threads %.1f us, kernel (stime) %.1f us); embedded PostgreSQL %.1f us per attempt%n", cpuUs,
                r.serverTicks, r.jitTicks * TICK_NANOS / 1e3 / r.attempts, lastSystemTicks * TICK_NANOS / 1e3 / r.attempts,
                pgUs);
        if (PGBENCH_TPS > 0) {
            System.out.printf("  vs pgbench      %.2fx its %,.0f tps%n", rate / PGBENCH_TPS, PGBENCH_TPS);
        }
        System.out.println("  answers         " + r.answers + (title.startsWith("WebSocket")
                ? ", extra sale.buy-answer frames: " + r.extraFrames : ""));
        System.out.println("  invariant       " + invariant.encode());
        System.out.println("  check           " + (pass ? "OK: exactly " + UNITS + " WON, every attempt answered, invariant holds"
                : "FAILED"));
    }

    // ---------- HTTP plumbing ----------

    private Future<String> buy(String uri, String token, String key) {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
                        .putHeader("Authorization", "Bearer " + token).putHeader("Idempotency-Key", key))
                .compose(req -> req.send().compose(resp -> resp.body().map(body ->
                        resp.statusCode() + " " + new JsonObject(body).getString("outcome"))));
    }

    private long sale(int product) throws Exception {
        return call(HttpMethod.POST, "/api/sales", seed.getString("hostToken"), new JsonObject()
                .put("streamId", seed.getLong("streamId")).put("productId", seed.getJsonArray("productIds").getLong(product))
                .put("priceMinor", 500).put("quantity", UNITS).put("perBuyerLimit", 1).put("countdownSeconds", 0)
                .put("durationSeconds", 1200)).getLong("id");
    }

    private String[] tokens(String name, int count) throws Exception {
        String[] tokens = new String[count];
        for (int from = 0; from < count; from += 20_000) {
            int n = Math.min(20_000, count - from);
            JsonArray minted = new JsonArray(send(HttpMethod.POST, "/api/dev/tokens/batch", null,
                    new JsonObject().put("prefix", "bench-" + run + "-" + name + "-" + from).put("count", n)
                            .put("roles", new JsonArray().add("viewer"))));
            for (int i = 0; i < n; i++) {
                tokens[from + i] = minted.getJsonObject(i).getString("token");
            }
        }
        return tokens;
    }

    private void warmPool() throws Exception {
        CountDownLatch warm = new CountDownLatch(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/q/health/live"))
                    .compose(r -> r.send().compose(resp -> resp.body()))
                    .onComplete(x -> warm.countDown());
        }
        warm.await(30, TimeUnit.SECONDS);
    }

    private static void count(Map<String, Integer> answers, String key) {
        synchronized (answers) {
            answers.merge(key, 1, Integer::sum);
        }
    }

    private JsonObject call(HttpMethod method, String uri, String token, JsonObject body) throws Exception {
        return new JsonObject(send(method, uri, token, body));
    }

    private Buffer send(HttpMethod method, String uri, String token, JsonObject body) throws Exception {
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
