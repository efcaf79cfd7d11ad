package io.liveshop.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Light fan-out client: opens {@code viewers} WebSockets ({@link RawViewers}: one thread, no WebSocket library),
 * then triggers pins over HTTP and timestamps, per viewer, the arrival of every pinned frame
 * ({@code {"type":"pinned","seq":N,…}}). Phases: warm-up and 100 pins back to back (the next pin is sent when the
 * previous pin request is answered), then pins every 200 ms. Between the warm-up and the measured phases, both kinds
 * run unmeasured until the server's JIT compiler has settled. Per phase it prints deliveries/s, pin → viewer p50/p99
 * (request sent → frame received) and the server's CPU per delivered frame (utime+stime of /proc/PID/stat over the
 * phase), and checks that every viewer got every pin once, in rising {@code seq}, the same {@code seq} for all.
 *
 * <p>Configuration by system properties: label, pid, host, port, wsPath, triggerPath, triggerAuth,
 * triggerBodies (separated by '|', used in turn), pinWarmup (pins with 20 viewers, before the others join), viewers,
 * inFlight, warmup, settleRounds, backToBack, paced, pacedMs.
 */
public final class FanoutBench {

    private static final byte[] PINNED = "{\"type\":\"pinned\",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /** One measured phase; per-viewer arrays are only touched by the viewer's event loop. */
    static final class Phase {
        final String name;
        final int pins;
        final int viewers;
        final AtomicLongArray sent;
        final AtomicLongArray seqOfPin;
        final AtomicLongArray answeredAt;
        final long[] firstAt;
        final long[] lastAt;
        final int[] got;
        final long[] lastSeq;
        final long[] latencyMicros;
        final AtomicInteger latencyIndex = new AtomicInteger();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        final AtomicLong mismatched = new AtomicLong();
        final AtomicLong extra = new AtomicLong();
        final CountDownLatch complete = new CountDownLatch(1);
        final CountDownLatch answered = new CountDownLatch(1);
        volatile long lastDeliveryNanos;

        Phase(String name, int pins, int viewers) {
            this.name = name;
            this.pins = pins;
            this.viewers = viewers;
            this.sent = new AtomicLongArray(pins);
            this.seqOfPin = new AtomicLongArray(pins);
            this.answeredAt = new AtomicLongArray(pins);
            this.firstAt = new long[pins];
            this.lastAt = new long[pins];
            this.got = new int[viewers];
            this.lastSeq = new long[viewers];
            this.latencyMicros = new long[pins * viewers];
        }

        void onPinned(int viewer, long seq, long now) {
            int k = got[viewer]++;
            if (k >= pins) {
                extra.incrementAndGet();
                return;
            }
            if (seq <= lastSeq[viewer]) {
                reordered.incrementAndGet();
            }
            lastSeq[viewer] = seq;
            if (!seqOfPin.compareAndSet(k, 0, seq) && seqOfPin.get(k) != seq) {
                mismatched.incrementAndGet();
            }
            latencyMicros[latencyIndex.getAndIncrement()] = (now - sent.get(k)) / 1000;
            if (firstAt[k] == 0) {
                firstAt[k] = now;
            }
            lastAt[k] = now;
            lastDeliveryNanos = now;
            if (delivered.incrementAndGet() == (long) pins * viewers) {
                complete.countDown();
            }
        }
    }

    private static volatile Phase current;

    public static void main(String[] args) throws Exception {
        String label = System.getProperty("label", "server");
        long pid = Long.getLong("pid", -1);
        String host = System.getProperty("host", "localhost");
        int port = Integer.getInteger("port", 8080);
        String wsPath = System.getProperty("wsPath");
        String triggerPath = System.getProperty("triggerPath");
        String triggerAuth = System.getProperty("triggerAuth", "");
        String[] bodies = System.getProperty("triggerBodies", "{}").split("\\|");
        int viewers = Integer.getInteger("viewers", 10_000);
        int inFlight = Integer.getInteger("inFlight", 200);
        int warmup = Integer.getInteger("warmup", 40);
        int backToBack = Integer.getInteger("backToBack", 100);
        int paced = Integer.getInteger("paced", 50);
        int pacedMs = Integer.getInteger("pacedMs", 200);

        Vertx triggers = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient http = triggers.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setMaxPoolSize(4));
        Trigger trigger = new Trigger(http, triggerPath, triggerAuth, bodies);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100).setConnectTimeout(60_000));
        // The pin path (HTTP, security, database, the event on its way to the sockets) warms up first, with a few
        // viewers: a fresh JVM runs it interpreted, then with C1's profiling, for its first thousands of calls; C2
        // takes a method once it has run about 5,000 times, and its compiling would be charged to the fan-out.
        int pinWarmup = Integer.getInteger("pinWarmup", 6000);
        if (pinWarmup > 0) {
            List<WebSocket> few = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                WebSocket socket = client.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
                        .setURI(wsPath)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                socket.handler(ignored -> { });
                few.add(socket);
            }
            Phase warm = new Phase("pin-warmup", pinWarmup, 0);
            long t = System.nanoTime();
            trigger.backToBack(warm);
            warm.answered.await(5, TimeUnit.MINUTES);
            for (WebSocket socket : few) {
                socket.close();
            }
            System.out.printf("%s: %d pins with %d viewers in %.1f s%n", label, pinWarmup, few.size(),
                    (System.nanoTime() - t) / 1e9);
        }

        AtomicInteger connected = new AtomicInteger();
        CountDownLatch joined = new CountDownLatch(viewers);
        long t0 = System.nanoTime();
        RawViewers raw = new RawViewers(host, port, wsPath, new RawViewers.Listener() {
            @Override
            public void firstFrame(int viewer) {
                connected.incrementAndGet();
            }

            @Override
            public void text(int viewer, ByteBuffer frame, int from, int length, long nanos) {
                Phase phase = current;
                if (phase != null && RawViewers.startsWith(frame, from, length, PINNED)) {
                    phase.onPinned(viewer, RawViewers.parseLong(frame, from + PINNED.length, from + length), nanos);
                }
            }
        });
        raw.start(viewers, inFlight, joined);
        joined.await(10, TimeUnit.MINUTES);
        System.out.printf("%s: %d viewers connected (first frame received), %d failures, in %.1f s%n", label,
                connected.get(), raw.failures(), (System.nanoTime() - t0) / 1e9);
        if (connected.get() != viewers) {
            System.out.println("RESULT " + label + " join-failed");
            System.exit(1);
        }

        run(new Phase("warmup", warmup, viewers), trigger, 0, pid, label, false);
        settle(trigger, viewers, backToBack, pacedMs, pid, label);
        Thread.sleep(2000);
        boolean ok = run(new Phase("back-to-back", backToBack, viewers), trigger, 0, pid, label, true);
        Thread.sleep(2000);
        ok &= run(new Phase("paced-" + pacedMs + "ms", paced, viewers), trigger, pacedMs, pid, label, true);
        triggers.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(ok ? 0 : 2);
    }

    /**
     * Runs both kinds of phase, unmeasured, until the server's JIT compiler threads take under 2% of its CPU over
     * one round of them (at most {@code settleRounds} rounds): the C2 compiler keeps recompiling the fan-out and
     * request paths for a while after a short warm-up, and on one core its CPU is charged to the measured window.
     */
    private static void settle(Trigger trigger, int viewers, int backToBack, int pacedMs, long pid, String label)
            throws Exception {
        int rounds = Integer.getInteger("settleRounds", 15);
        for (int r = 1; r <= rounds && pid > 0; r++) {
            long cpu0 = ProcCpu.ticks(pid);
            long jit0 = ProcCpu.jitTicks(pid);
            batching(port(label)); // the measured phases read the server's counters too: their requests warm up
            run(new Phase("settle-back-to-back", backToBack, viewers), trigger, 0, pid, label, false);
            batching(port(label));
            run(new Phase("settle-paced", 10, viewers), trigger, pacedMs, pid, label, false);
            long cpu = ProcCpu.ticks(pid) - cpu0;
            long jit = ProcCpu.jitTicks(pid) - jit0;
            System.out.printf("%s settle round %d: JIT compiler %.1f%% of server CPU%n", label, r,
                    cpu == 0 ? 0.0 : 100.0 * jit / cpu);
            if (jit * 50 < cpu) {
                return;
            }
        }
    }

    private static boolean run(Phase phase, Trigger trigger, int intervalMs, long pid, String label, boolean print)
            throws Exception {
        current = phase;
        double[] batching0 = batching(port(label));
        long cpu0 = ProcCpu.ticks(pid);
        long sys0 = ProcCpu.systemTicks(pid);
        long jit0 = ProcCpu.jitTicks(pid);
        long self = ProcessHandle.current().pid();
        long client0 = ProcCpu.ticks(self);
        long start = System.nanoTime();
        long wallStart = System.currentTimeMillis();
        if (intervalMs == 0) {
            trigger.backToBack(phase);
        } else {
            trigger.paced(phase, intervalMs);
        }
        boolean complete = phase.complete.await(180, TimeUnit.SECONDS);
        long end = complete ? phase.lastDeliveryNanos : System.nanoTime();
        long cpu1 = ProcCpu.ticks(pid);
        long sys1 = ProcCpu.systemTicks(pid);
        long jit1 = ProcCpu.jitTicks(pid);
        long client1 = ProcCpu.ticks(self);
        long wallEnd = System.currentTimeMillis();
        current = null;
        double[] batching1 = batching(port(label));
        long expected = (long) phase.pins * phase.viewers;
        long delivered = phase.delivered.get();
        long[] lat = Arrays.copyOf(phase.latencyMicros, phase.latencyIndex.get());
        Arrays.sort(lat);
        double seconds = (end - start) / 1e9;
        double cpuMicrosPerDelivery = delivered == 0 ? 0 : (cpu1 - cpu0) * (1e6 / 100) / delivered;
        boolean correct = delivered == expected && phase.reordered.get() == 0 && phase.mismatched.get() == 0
                && phase.extra.get() == 0;
        if (print) {
            System.out.printf("RESULT %s %s deliveries=%d/%d rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms "
                    + "cpu_us_per_delivery=%.2f (kernel %.0f%%, JIT compiler %.0f%%) kernel_us_per_delivery=%.2f lost=%d reordered=%d seq_mismatch=%d extra=%d window=%d-%d %s%n",
                    label, phase.name, delivered, expected, delivered / seconds, pct(lat, 0.50) / 1000.0,
                    pct(lat, 0.99) / 1000.0, lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0, cpuMicrosPerDelivery,
                    cpu1 == cpu0 ? 0.0 : 100.0 * (sys1 - sys0) / (cpu1 - cpu0),
                    cpu1 == cpu0 ? 0.0 : 100.0 * (jit1 - jit0) / (cpu1 - cpu0),
                    delivered == 0 ? 0 : (sys1 - sys0) * (1e6 / 100) / delivered,
                    expected - delivered, phase.reordered.get(), phase.mismatched.get(), phase.extra.get(), wallStart,
                    wallEnd, correct ? "OK" : "INCORRECT");
            if (batching0 != null && batching1 != null && batching1[1] > batching0[1]) {
                System.out.printf("%s %s: %.0f frames in %.0f socket writes, %.2f frames per send%n", label, phase.name,
                        batching1[0] - batching0[0], batching1[1] - batching0[1],
                        (batching1[0] - batching0[0]) / (batching1[1] - batching0[1]));
            }
            printPerPin(label, phase);
            // Latency is timestamped by this client: a client whose core is saturated adds its own queueing.
            System.out.printf("%s %s: client CPU %.0f%% of its core over the phase%n", label, phase.name,
                    (client1 - client0) * 10.0 / Math.max(1, wallEnd - wallStart) * 100);
        } else {
            System.out.printf("%s %s done: %d/%d in %.1f s%n", label, phase.name, delivered, expected, seconds);
        }
        return correct;
    }

    /** Per pin: request to answer, request to first viewer, first to last viewer (the round's length). */
    private static void printPerPin(String label, Phase phase) {
        long[] answer = new long[phase.pins];
        long[] first = new long[phase.pins];
        long[] round = new long[phase.pins];
        for (int k = 0; k < phase.pins; k++) {
            long sent = phase.sent.get(k);
            answer[k] = (phase.answeredAt.get(k) - sent) / 1000;
            first[k] = (phase.firstAt[k] - sent) / 1000;
            round[k] = (phase.lastAt[k] - phase.firstAt[k]) / 1000;
        }
        Arrays.sort(answer);
        Arrays.sort(first);
        Arrays.sort(round);
        System.out.printf("%s %s per pin (p50/p90/max ms): answer %.1f/%.1f/%.1f, first viewer %.1f/%.1f/%.1f, "
                + "first to last viewer %.1f/%.1f/%.1f%n", label, phase.name,
                pct(answer, 0.5) / 1000.0, pct(answer, 0.9) / 1000.0, answer[answer.length - 1] / 1000.0,
                pct(first, 0.5) / 1000.0, pct(first, 0.9) / 1000.0, first[first.length - 1] / 1000.0,
                pct(round, 0.5) / 1000.0, pct(round, 0.9) / 1000.0, round[round.length - 1] / 1000.0);
    }

    private static int port(String label) {
        return "LiveShop".equals(label) ? Integer.getInteger("port", 8080) : -1;
    }

    /** LiveShop's fan-out counters (frames sent, sockets written per batch), read outside the measured window. */
    private static double[] batching(int port) {
        if (port < 0) {
            return null;
        }
        try {
            String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return new double[] { metric(text, "liveshop_ws_frames_sent_total"),
                metric(text, "liveshop_ws_fanout_socket_batches_total") };
        } catch (Exception e) {
            return null;
        }
    }

    private static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Sends the pin requests and records when each one left. */
    static final class Trigger {
        private final HttpClient http;
        private final String path;
        private final String auth;
        private final String[] bodies;
        private int turn;

        Trigger(HttpClient http, String path, String auth, String[] bodies) {
            this.http = http;
            this.path = path;
            this.auth = auth;
            this.bodies = bodies;
        }

        void backToBack(Phase phase) {
            send(phase, 0, true);
        }

        void paced(Phase phase, int intervalMs) throws InterruptedException {
            long start = System.nanoTime();
            for (int k = 0; k < phase.pins; k++) {
                long due = start + k * intervalMs * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                send(phase, k, false);
            }
        }

        private void send(Phase phase, int k, boolean chain) {
            if (k >= phase.pins) {
                phase.answered.countDown();
                return;
            }
            String body = bodies[turn++ % bodies.length];
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                    .putHeader("content-type", "application/json");
            if (!auth.isEmpty()) {
                options.putHeader("authorization", auth);
            }
            phase.sent.set(k, System.nanoTime());
            http.request(options).compose(r -> r.send(body)).compose(r -> {
                if (r.statusCode() >= 300) {
                    System.out.println("trigger answered " + r.statusCode());
                }
                return r.body();
            }).onComplete(r -> {
                phase.answeredAt.set(k, System.nanoTime());
                if (r.failed()) {
                    System.out.println("trigger failed: " + r.cause());
                }
                if (chain) {
                    send(phase, k + 1, true);
                }
            });
        }
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
