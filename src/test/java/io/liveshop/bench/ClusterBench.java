package io.liveshop.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cluster benchmark client, run by {@code scripts/cluster-3.sh} (docs/BENCHMARKS.md, "Cluster"): against the
 * nodes in {@code NODES} (their PIDs in {@code NODE_PIDS}, to read server CPU from /proc):
 * <ol>
 * <li>pin → viewer: {@code viewers} viewers on each node; the host pins through node 1 one pin at a time
 * ({@code pins} of them after {@code warmPins}); the latency of a pin is from sending the pin request until a
 * viewer has the frame, reported separately for viewers on the pinning node (same node) and on the others
 * (cross node), with the server CPU (all nodes) per delivered frame;</li>
 * <li>rush: a sale of {@code units} units, limit 1, {@code buyers} distinct buyers spread evenly over the three
 * nodes, all issued at once over {@code connections} connections per node: attempts/s, p50/p99, CPU per attempt,
 * exactly {@code units} WON, the invariant holds.</li>
 * </ol>
 */
public final class ClusterBench {

    private static final int VIEWERS = Integer.getInteger("viewers", 300);
    private static final int PINS = Integer.getInteger("pins", 200);
    private static final int WARM_PINS = Integer.getInteger("warmPins", 100);
    private static final int UNITS = Integer.getInteger("units", 500);
    private static final int BUYERS = Integer.getInteger("buyers", 6000);
    private static final int WARM_RUSHES = Integer.getInteger("warmRushes", 3);
    private static final int CONNECTIONS = Integer.getInteger("connections", 64);
    private static final long TICK_NANOS = 10_000_000L;

    private final Vertx vertx = Vertx.vertx();
    private final List<URI> nodes = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private final long[] pids;
    private JsonObject seed;
    private boolean ok = true;

    private ClusterBench() {
        for (String url : System.getenv("NODES").split(",")) {
            URI uri = URI.create(url);
            nodes.add(uri);
            clients.add(vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                    .setDefaultPort(uri.getPort()).setMaxPoolSize(CONNECTIONS).setKeepAlive(true)
                    .setMaxWaitQueueSize(-1).setMaxWebSockets(VIEWERS + 10)));
        }
        pids = Arrays.stream(System.getenv("NODE_PIDS").trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    public static void main(String[] args) throws Exception {
        ClusterBench bench = new ClusterBench();
        try {
            bench.seed = bench.call(0, HttpMethod.POST, "/api/loadtest/seed", null,
                    new JsonObject().put("products", 3).put("stock", 1_000_000));
            bench.pins();
            bench.rushes();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(2);
        } finally {
            bench.vertx.close();
        }
        System.out.println(bench.ok ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
        System.exit(bench.ok ? 0 : 1);
    }

    // ---------- pin → viewer ----------

    private void pins() throws Exception {
        long streamId = seed.getLong("streamId");
        String[] tokens = tokens("bench-viewer", VIEWERS * nodes.size());
        int total = WARM_PINS + PINS;
        long[] sentAt = new long[total];
        CountDownLatch connected = new CountDownLatch(tokens.length);
        CountDownLatch received = new CountDownLatch(tokens.length);
        List<List<Long>> perNode = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            perNode.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        for (int i = 0; i < tokens.length; i++) {
            int node = i % nodes.size();
            AtomicInteger seen = new AtomicInteger();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(nodes.get(node).getHost())
                    .setPort(nodes.get(node).getPort()).setURI("/ws/streams/" + streamId + "?access_token=" + tokens[i]);
            clients.get(node).webSocket(options).onSuccess(ws -> {
                connected.countDown();
                ws.textMessageHandler(text -> {
                    if (text.startsWith("{\"type\":\"pinned\"")) {
                        int k = seen.getAndIncrement();
                        if (k >= WARM_PINS && k < total) {
                            perNode.get(node).add(System.nanoTime() - sentAt[k]);
                        }
                        if (k == total - 1) {
                            received.countDown();
                        }
                    }
                });
            }).onFailure(e -> {
                System.out.println("viewer failed: " + e);
                connected.countDown();
                received.countDown();
            });
        }
        connected.await(120, TimeUnit.SECONDS);
        Thread.sleep(2_000);
        List<Long> products = seed.getJsonArray("productIds").stream().map(p -> ((Number) p).longValue()).toList();
        long[] cpu0 = null;
        long t0 = 0;
        for (int k = 0; k < total; k++) {
            if (k == WARM_PINS) {
                Thread.sleep(1_000);
                cpu0 = cpu();
                t0 = System.nanoTime();
            }
            sentAt[k] = System.nanoTime();
            call(0, HttpMethod.POST, "/api/streams/" + streamId + "/pin", seed.getString("hostToken"),
                    new JsonObject().put("productId", products.get(k % products.size())));
            Thread.sleep(20);
        }
        boolean all = received.await(120, TimeUnit.SECONDS);
        long[] cpu1 = cpu();
        long nanos = System.nanoTime() - t0;
        check(all, "every viewer got every pin");
        long deliveries = (long) PINS * tokens.length;
        System.out.printf("pin -> viewer, %d viewers per node on %d nodes, %d pins from node 1 (after %d warm-up):%n",
                VIEWERS, nodes.size(), PINS, WARM_PINS);
        long[] same = perNode.get(0).stream().mapToLong(Long::longValue).sorted().toArray();
        long[] cross = perNode.subList(1, perNode.size()).stream().flatMap(List::stream).mapToLong(Long::longValue)
                .sorted().toArray();
        System.out.printf("  same node : p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d deliveries)%n", ProcCpu.pct(same, 50),
                ProcCpu.pct(same, 99), same.length == 0 ? 0 : same[same.length - 1] / 1e6, same.length);
        System.out.printf("  cross node: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d deliveries)%n", ProcCpu.pct(cross, 50),
                ProcCpu.pct(cross, 99), cross.length == 0 ? 0 : cross[cross.length - 1] / 1e6, cross.length);
        System.out.printf("  cross - same p99: %s; server CPU (all nodes) %s per delivered frame, %.1f ms per pin;"
                + " %.1f s%n", cross.length == 0 ? "n/a" : String.format("%+.2f ms", ProcCpu.pct(cross, 99) - ProcCpu.pct(same, 99)), micros(cpu1, cpu0, deliveries),
                ticks(cpu1, cpu0) * TICK_NANOS / 1e6 / PINS, nanos / 1e9);
    }

    // ---------- rush ----------

    private void rushes() throws Exception {
        for (int w = 0; w < WARM_RUSHES; w++) {
            rush("warm-" + w, false);
        }
        rush("rush", true);
    }

    private void rush(String name, boolean report) throws Exception {
        JsonObject sale = call(0, HttpMethod.POST, "/api/sales", seed.getString("hostToken"), new JsonObject()
                .put("streamId", seed.getLong("streamId")).put("productId", seed.getJsonArray("productIds").getLong(0))
                .put("priceMinor", 100).put("quantity", UNITS).put("perBuyerLimit", 1).put("durationSeconds", 600));
        long saleId = sale.getLong("id");
        String[] buyers = tokens(name + "-" + saleId, BUYERS);
        Thread.sleep(500);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        long[] latency = new long[buyers.length];
        CountDownLatch done = new CountDownLatch(buyers.length);
        long[] cpu0 = cpu();
        long start = System.nanoTime();
        for (int i = 0; i < buyers.length; i++) {
            int n = i;
            long sent = System.nanoTime();
            int node = i % nodes.size();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/sales/" + saleId + "/buy")
                    .putHeader("authorization", "Bearer " + buyers[n]).putHeader("Idempotency-Key", "b-" + n);
            clients.get(node).request(options).compose(r -> r.send()).compose(r -> r.body().map(b -> {
                if (r.statusCode() >= 300) {
                    return "HTTP " + r.statusCode();
                }
                return new JsonObject(b).getString("outcome");
            })).onComplete(ar -> {
                latency[n] = System.nanoTime() - sent;
                answers.merge(ar.succeeded() ? ar.result() : "error", 1, Integer::sum);
                done.countDown();
            });
        }
        done.await(300, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        long[] cpu1 = cpu();
        if (!report) {
            return;
        }
        Arrays.sort(latency);
        JsonObject invariant = call(nodes.size() - 1, HttpMethod.GET, "/api/sales/" + saleId + "/invariant", seed.getString("hostToken"),
                null);
        System.out.printf("rush: sale of %d units, %d buyers spread over %d nodes, %d connections per node:%n", UNITS,
                buyers.length, nodes.size(), CONNECTIONS);
        System.out.printf("  %.0f attempts/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms; server CPU (all nodes) %s per"
                + " attempt; answers %s; invariant holds: %s%n", buyers.length / (nanos / 1e9), ProcCpu.pct(latency, 50),
                ProcCpu.pct(latency, 99), latency[latency.length - 1] / 1e6, micros(cpu1, cpu0, buyers.length),
                new TreeMap<>(answers), invariant.getBoolean("holds"));
        check(answers.getOrDefault("WON", 0) == UNITS, "exactly " + UNITS + " WON");
        check(invariant.getBoolean("holds"), "invariant holds");
    }

    // ---------- helpers ----------

    private String[] tokens(String prefix, int count) throws Exception {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < count; from += 5_000) {
            int n = Math.min(5_000, count - from);
            JsonArray batch = new JsonArray(callRaw(from / 5_000 % nodes.size(), HttpMethod.POST, "/api/dev/tokens/batch",
                    null, new JsonObject().put("prefix", prefix + "-" + from).put("count", n)
                            .put("roles", new JsonArray().add("viewer"))));
            batch.forEach(t -> out.add(((JsonObject) t).getString("token")));
        }
        return out.toArray(String[]::new);
    }

    private JsonObject call(int node, HttpMethod method, String uri, String token, JsonObject body) throws Exception {
        return new JsonObject(callRaw(node, method, uri, token, body));
    }

    private String callRaw(int node, HttpMethod method, String uri, String token, JsonObject body) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
        if (token != null) {
            options.putHeader("authorization", "Bearer " + token);
        }
        Future<String> answer = clients.get(node).request(options)
                .compose(r -> (body == null ? r.send() : r.putHeader("content-type", "application/json")
                        .send(Buffer.buffer(body.encode()))).compose(resp -> resp.body().map(b -> {
                            if (resp.statusCode() >= 300) {
                                throw new IllegalStateException(uri + " answered " + resp.statusCode() + ": " + b);
                            }
                            return b.toString();
                        })));
        return answer.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private long[] cpu() throws Exception {
        long[] out = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            String stat = Files.readString(Path.of("/proc/" + pids[i] + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return out;
    }

    private static long ticks(long[] after, long[] before) {
        long sum = 0;
        for (int i = 0; i < after.length; i++) {
            sum += after[i] - before[i];
        }
        return sum;
    }

    private static String micros(long[] after, long[] before, long ops) {
        return String.format("%.1f µs", ticks(after, before) * TICK_NANOS / 1e3 / ops);
    }

    private void check(boolean condition, String what) {
        System.out.println((condition ? "  ok: " : "  FAILED: ") + what);
        ok &= condition;
    }
}
