package io.liveshop.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The auction rush client driven by {@code src/test/bench/auction-rush.sh} (docs/BENCHMARKS-auctions.md), with
 * the flash-sale rush client's method: against a running server (its PID given, to read its CPU from /proc),
 * {@code bidders} bidders connect to one live stream's socket; on a SUDDEN_DEATH auction each of them sends one
 * {@code bid} at the current quick-bid amount (the latest {@code minNextBidMinor} any of them saw), the sends spread
 * evenly over the auction's last {@code window} seconds (open loop: latency from the scheduled send to the
 * {@code bid-answer} frame). Reports bids answered per second, answer p50/p99/max, server CPU per bid (utime+stime
 * delta of /proc/PID/stat over the window, from the first send to the last answer, divided by bids) and the outcome
 * counts, then checks the auction's invariants over REST. Beside it, in the same run with the same sockets, the
 * flash-sale socket rush (every bidder presses buy at once on a sale of {@code units} units) for comparison.
 *
 * <p>System properties: host, port, serverPid, postgresPid, bidders, window (s), duration (s), warmRounds, units,
 * amounts (the measured auction rounds: quick, ladder or quick,ladder).
 */
public final class AuctionRush {

    private static final String HOST = System.getProperty("host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("port", 8098);
    private static final long SERVER_PID = Long.getLong("serverPid", 0);
    private static final long POSTGRES_PID = Long.getLong("postgresPid", 0);
    private static final int BIDDERS = Integer.getInteger("bidders", 10_000);
    private static final int WINDOW_S = Integer.getInteger("window", 3);
    private static final int DURATION_S = Integer.getInteger("duration", 8);
    private static final int WARM_ROUNDS = Integer.getInteger("warmRounds", 3);
    private static final int UNITS = Integer.getInteger("units", 1000);
    /**
     * The measured auction rounds, in order: {@code quick} bids the quick-bid amount (most answers are TOO_LOW),
     * {@code ladder} bids {@code max(quick-bid, 1,000 + 5,000 × n)} for the n-th send (5,000 is the largest
     * increment), so bids sent in order all beat the price and the write path carries nearly every bid.
     */
    private static final List<String> AMOUNTS = List.of(System.getProperty("amounts", "quick").split(","));
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(HOST)
            .setDefaultPort(PORT).setMaxPoolSize(16).setKeepAlive(true).setMaxWaitQueueSize(-1)
            .setMaxWebSockets(BIDDERS + 100));
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    /** The highest quick-bid amount any bidder has seen (answers and auction.bid frames). */
    private final AtomicLong minNext = new AtomicLong();
    private JsonObject seed;
    private boolean ok = true;

    public static void main(String[] args) throws Exception {
        AuctionRush rush = new AuctionRush();
        try {
            rush.all();
        } finally {
            rush.vertx.close();
        }
        System.out.println(rush.ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
        System.exit(rush.ok ? 0 : 1);
    }

    private void all() throws Exception {
        seed = call(HttpMethod.POST, "/api/loadtest/seed", null, new JsonObject().put("products", 2).put("stock", 100_000));
        String[] tokens = tokens("bidder", BIDDERS);
        List<Bidder> bidders = connect(tokens);
        for (int r = 0; r < WARM_ROUNDS; r++) {
            auctionRush(bidders, false, AMOUNTS.get(r % AMOUNTS.size()));
            saleRush(bidders, false);
        }
        System.out.printf("warm-up: %d auction rounds and %d flash-sale rounds with the same sockets%n", WARM_ROUNDS,
                WARM_ROUNDS);
        for (String amounts : AMOUNTS) {
            auctionRush(bidders, true, amounts);
        }
        saleRush(bidders, true);
        bidders.forEach(b -> b.socket.close());
    }

    private final class Bidder {
        final WebSocket socket;
        volatile long sent;
        volatile long answered;
        volatile String answer;
        final AtomicInteger frames = new AtomicInteger();
        volatile CountDownLatch done;

        Bidder(WebSocket socket) {
            this.socket = socket;
            socket.textMessageHandler(text -> {
                frames.incrementAndGet();
                if (text.contains("\"type\":\"bid-answer\"") || text.contains("\"type\":\"buy-answer\"")) {
                    answered = System.nanoTime();
                    answer = field(text, "\"outcome\":\"", '"');
                    seen(text);
                    done.countDown();
                } else if (text.contains("\"type\":\"auction.bid\"")) {
                    seen(text);
                } else if (text.contains("\"type\":\"error\"") && text.contains("requestId")) {
                    answered = System.nanoTime();
                    answer = "error-frame";
                    done.countDown();
                }
            });
        }

        private void seen(String text) {
            String next = field(text, "\"minNextBidMinor\":", ',');
            if (next != null) {
                long n = Long.parseLong(next.replace("}", ""));
                minNext.accumulateAndGet(n, Math::max);
            }
        }
    }

    private static String field(String text, String prefix, char end) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int from = at + prefix.length();
        int to = text.indexOf(end, from);
        return text.substring(from, to < 0 ? text.length() : to);
    }

    private List<Bidder> connect(String[] tokens) throws Exception {
        long t0 = System.nanoTime();
        StreamSockets.Connected<Bidder> connection = StreamSockets.connect(http, HOST, PORT, seed.getLong("streamId"),
                tokens, Bidder::new);
        List<Bidder> out = connection.sockets();
        System.out.printf("connected %d bidders by WebSocket in %d ms (%d failed)%n", out.size(),
                (System.nanoTime() - t0) / 1_000_000, connection.failed());
        return out;
    }

    // ---------- the auction rush ----------

    private void auctionRush(List<Bidder> bidders, boolean measured, String amounts) throws Exception {
        boolean ladder = switch (amounts) {
            case "quick" -> false;
            case "ladder" -> true;
            default -> throw new IllegalArgumentException("amounts: quick or ladder, not " + amounts);
        };
        JsonObject auction = call(HttpMethod.POST, "/api/auctions", seed.getString("hostToken"), new JsonObject()
                .put("streamId", seed.getLong("streamId")).put("productId", seed.getJsonArray("productIds").getLong(0))
                .put("startingPriceMinor", 1000).put("durationSeconds", DURATION_S).put("mode", "SUDDEN_DEATH"));
        long id = auction.getLong("id");
        minNext.set(auction.getLong("minNextBidMinor"));
        long endsAtMillis = Instant.parse(auction.getString("endsAt")).toEpochMilli();
        long windowNanos = WINDOW_S * 1_000_000_000L;
        long untilWindow = endsAtMillis - WINDOW_S * 1000L - System.currentTimeMillis();
        if (untilWindow > 0) {
            Thread.sleep(untilWindow);
        }
        CountDownLatch done = new CountDownLatch(bidders.size());
        bidders.forEach(b -> {
            b.done = done;
            b.answer = null;
            b.frames.set(0);
        });
        AtomicInteger next = new AtomicInteger();
        long interval = windowNanos / bidders.size();
        long[] scheduled = new long[bidders.size()];
        long cpu0 = ProcCpu.ticks(SERVER_PID);
        long pg0 = ProcCpu.postgresTicks(POSTGRES_PID);
        long start = System.nanoTime();
        long timer = vertx.setPeriodic(1, t -> {
            long now = System.nanoTime();
            int due = (int) Math.min(bidders.size(), (now - start) / interval + 1);
            for (int n = next.get(); n < due; n = next.incrementAndGet()) {
                Bidder b = bidders.get(n);
                scheduled[n] = start + n * interval;
                b.sent = scheduled[n];
                b.socket.writeTextMessage("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"a-" + id + "-" + n
                        + "\",\"amountMinor\":" + (ladder ? Math.max(minNext.get(), 1000 + 5000L * n) : minNext.get())
                        + "}");
            }
        });
        boolean all = done.await(120, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        long cpu = ProcCpu.ticks(SERVER_PID) - cpu0;
        long pg = ProcCpu.postgresTicks(POSTGRES_PID) - pg0;
        vertx.cancelTimer(timer);
        JsonObject closed = awaitClosed(id);
        if (!measured) {
            return;
        }
        long[] latency = new long[bidders.size()];
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < latency.length; i++) {
            Bidder b = bidders.get(i);
            latency[i] = b.answered - b.sent;
            count(answers, b.answer == null ? "no answer" : b.answer);
        }
        int frames = bidders.stream().mapToInt(b -> b.frames.get()).sum();
        report("Auction: " + bidders.size() + " connected bidders, one bid each in the last " + WINDOW_S
                + " s (SUDDEN_DEATH, " + DURATION_S + " s, " + amounts + " amounts)", bidders.size(), elapsed, latency, cpu, pg, answers);
        System.out.printf("  frames          %d received by the bidders in the window (%.1f per bidder: answers plus"
                + " the coalesced auction.bid broadcasts)%n", frames, frames / (double) bidders.size());
        check(id, closed, answers, all);
    }

    private void check(long id, JsonObject closed, Map<String, Integer> answers, boolean allAnswered) throws Exception {
        JsonArray rows = new JsonArray(send(HttpMethod.GET, "/api/auctions/" + id + "/bids", seed.getString("hostToken"),
                null));
        Instant endsAt = Instant.parse(closed.getString("endsAt")); // full precision: many bids share the last ms
        boolean increasing = true;
        boolean beforeEnd = true;
        int own = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            if (i > 0 && r.getLong("amountMinor") <= rows.getJsonObject(i - 1).getLong("amountMinor")) {
                increasing = false;
            }
            if (!Instant.parse(r.getString("placedAt")).isBefore(endsAt)) {
                beforeEnd = false;
            }
            if (!r.getBoolean("auto")) {
                own++;
            }
        }
        int accepted = answers.getOrDefault("LEADING", 0) + answers.getOrDefault("OUTBID", 0);
        JsonObject last = rows.isEmpty() ? null : rows.getJsonObject(rows.size() - 1);
        boolean winner = last != null && "CLOSED".equals(closed.getString("status"))
                && last.getString("bidderId").equals(closed.getString("winnerId"))
                && last.getLong("amountMinor").equals(closed.getLong("priceMinor")) && closed.getLong("orderId") != null;
        boolean pass = allAnswered && increasing && beforeEnd && own == accepted && rows.size() == closed.getInteger("bidCount")
                && winner;
        ok &= pass;
        System.out.printf("  invariants      %d accepted bids strictly increasing: %s; all before the end: %s; LEADING+OUTBID"
                + " answers %d = durable bids %d; winner %s at %d = last bid, order %s%n", rows.size(), increasing, beforeEnd,
                accepted, own, closed.getString("winnerId"), closed.getLong("priceMinor"), closed.getLong("orderId"));
        if (last != null) {
            System.out.printf("  last bid        placed %d us before the end%n",
                    java.time.Duration.between(Instant.parse(last.getString("placedAt")), endsAt).toNanos() / 1000);
        }
        System.out.println("  check           " + (pass ? "OK" : "FAILED"));
    }

    private JsonObject awaitClosed(long id) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonObject v = call(HttpMethod.GET, "/api/auctions/" + id, seed.getString("hostToken"), null);
            if (!"RUNNING".equals(v.getString("status"))) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("auction " + id + " did not close");
    }

    // ---------- the flash-sale rush beside it ----------

    private void saleRush(List<Bidder> bidders, boolean measured) throws Exception {
        long saleId = call(HttpMethod.POST, "/api/sales", seed.getString("hostToken"), new JsonObject()
                .put("streamId", seed.getLong("streamId")).put("productId", seed.getJsonArray("productIds").getLong(1))
                .put("priceMinor", 500).put("quantity", UNITS).put("perBuyerLimit", 1).put("countdownSeconds", 0)
                .put("durationSeconds", 1200)).getLong("id");
        Thread.sleep(300);
        CountDownLatch done = new CountDownLatch(bidders.size());
        bidders.forEach(b -> {
            b.done = done;
            b.answer = null;
        });
        long cpu0 = ProcCpu.ticks(SERVER_PID);
        long pg0 = ProcCpu.postgresTicks(POSTGRES_PID);
        long start = System.nanoTime();
        String request = "{\"type\":\"buy\",\"saleId\":" + saleId + ",\"requestId\":\"s-" + saleId + "\"}";
        for (Bidder b : bidders) {
            b.sent = System.nanoTime();
            b.socket.writeTextMessage(request);
        }
        done.await(120, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        long cpu = ProcCpu.ticks(SERVER_PID) - cpu0;
        long pg = ProcCpu.postgresTicks(POSTGRES_PID) - pg0;
        call(HttpMethod.POST, "/api/sales/" + saleId + "/end", seed.getString("hostToken"), null);
        if (!measured) {
            return;
        }
        long[] latency = new long[bidders.size()];
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < latency.length; i++) {
            Bidder b = bidders.get(i);
            latency[i] = b.answered - b.sent;
            count(answers, b.answer == null ? "no answer" : b.answer);
        }
        report("Flash sale beside it: the same " + bidders.size() + " sockets press buy at once (" + UNITS + " units)",
                bidders.size(), elapsed, latency, cpu, pg, answers);
        boolean pass = answers.getOrDefault("WON", 0) == UNITS;
        ok &= pass;
        System.out.println("  check           " + (pass ? "OK: exactly " + UNITS + " WON" : "FAILED"));
    }

    // ---------- measuring ----------

    private static void report(String title, int attempts, long nanos, long[] latency, long serverTicks, long pgTicks,
            Map<String, Integer> answers) {
        long[] l = latency.clone();
        Arrays.sort(l);
        double seconds = nanos / 1e9;
        System.out.println();
        System.out.println("== " + title);
        System.out.printf("  answered/s      %,.0f  (%d answered in %.2f s, from the first send to the last answer)%n",
                attempts / seconds, attempts, seconds);
        System.out.printf("  answer latency  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ProcCpu.pct(l, 50), ProcCpu.pct(l, 99),
                l[l.length - 1] / 1e6);
        System.out.printf("  server CPU      %.1f us per attempt (JVM utime+stime %d ticks); embedded PostgreSQL %.1f us"
                + " per attempt%n", serverTicks * TICK_NANOS / 1e3 / attempts, serverTicks,
                pgTicks * TICK_NANOS / 1e3 / attempts);
        System.out.println("  answers         " + answers);
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
            JsonArray minted = new JsonArray(send(HttpMethod.POST, "/api/dev/tokens/batch", null,
                    new JsonObject().put("prefix", "auction-" + run + "-" + name + "-" + from).put("count", n)
                            .put("roles", new JsonArray().add("viewer"))));
            for (int i = 0; i < n; i++) {
                tokens[from + i] = minted.getJsonObject(i).getString("token");
            }
        }
        return tokens;
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
        return http.request(options).compose(req -> (body == null ? req.send() : req.send(body.toBuffer()))
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() >= 300) {
                        throw new IllegalStateException(method + " " + uri + " -> " + resp.statusCode() + " " + b);
                    }
                    return b;
                }))).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    }
}
