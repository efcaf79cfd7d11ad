package io.liveshop.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the packaged application in the middle of a flash-sale rush, then a restart on the same
 * database: every buyer told WON has that order, a retry with the same Idempotency-Key answers the same order, and
 * nothing is sold twice. The application's embedded PostgreSQL would be orphaned by the kill, so this test starts
 * its own PostgreSQL (zonky binaries), points the application at it with {@code LIVESHOP_DB_URL}, and stops both.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int BUYERS = 1500;
    private static final int UNITS = 300;
    /** The kill comes once this many buyers were told WON, while the rest of the rush is in flight. */
    private static final int WON_BEFORE_KILL = 60;

    record Answer(int buyer, String key, int status, JsonNode body) {

        boolean won() {
            return (status == 200 || status == 201) && "WON".equals(body.path("outcome").asText());
        }

        long orderId() {
            return body.path("orderId").asLong();
        }
    }

    @Test
    void everyWonOrderSurvivesAKillDuringTheRush() throws Exception {
        Assumptions.assumeTrue(Files.exists(JAR), "the packaged application is built in the package phase");
        Path dataDir = Files.createTempDirectory("liveshop-crash-db");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(true).setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                .start();
        App app = null;
        try {
            app = App.start(postgres.getPort());
            JsonNode seeded = app.post("/api/loadtest/seed", null, "{\"products\":1,\"stock\":5000}").body();
            long stream = seeded.path("streamId").asLong();
            long product = seeded.path("productIds").get(0).asLong();
            String hostId = seeded.path("hostId").asText();
            Response created = app.post("/api/sales", seeded.path("hostToken").asText(), """
                    {"streamId":%d,"productId":%d,"priceMinor":4900,"quantity":%d,"perBuyerLimit":1,
                     "countdownSeconds":0,"durationSeconds":900}""".formatted(stream, product, UNITS));
            assertEquals(201, created.status(), created.toString());
            long sale = created.body().path("id").asLong();
            String prefix = "crash-" + System.nanoTime();
            List<String> tokens = app.tokens(prefix, BUYERS);

            List<Answer> before = rushAndKill(app, sale, tokens);
            List<Answer> won = before.stream().filter(Answer::won).toList();
            assertTrue(won.size() >= WON_BEFORE_KILL, "the rush was killed after " + won.size() + " WON answers");

            app = App.start(postgres.getPort());
            List<String> fresh = app.tokens(prefix, BUYERS); // the signing key was lost with the process
            for (Answer a : won) {
                Response order = app.get("/api/orders/" + a.orderId(), fresh.get(a.buyer()));
                assertEquals(200, order.status(), "order of " + a + " after the restart: " + order);
                assertEquals(sale, order.body().path("saleId").asLong(), order.toString());
                Response retry = app.post("/api/sales/" + sale + "/buy", fresh.get(a.buyer()), null, a.key());
                assertEquals("WON", retry.body().path("outcome").asText(), "retry of " + a + ": " + retry);
                assertEquals(a.orderId(), retry.body().path("orderId").asLong(), "retry of " + a + ": " + retry);
            }
            // buyers whose answer the kill swallowed retry with their key: each gets one answer, never a second unit
            Set<Integer> answered = new HashSet<>();
            before.stream().filter(a -> a.status() > 0).forEach(a -> answered.add(a.buyer()));
            for (int buyer = 0; buyer < BUYERS; buyer += 7) {
                if (!answered.contains(buyer)) {
                    Response retry = app.post("/api/sales/" + sale + "/buy", fresh.get(buyer), null, key(buyer));
                    assertTrue(retry.status() == 200 || retry.status() == 201, "retry after the restart: " + retry);
                }
            }

            try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
                assertEquals(0, count(sql, "select count(*) from (select buyer_id from orders where sale_id = " + sale
                        + " group by buyer_id having count(*) > 1) twice"), "a buyer holds two units of a limit-1 sale");
                int orders = count(sql, "select count(*) from orders where sale_id = " + sale);
                assertTrue(orders <= UNITS, orders + " orders for " + UNITS + " units");
                assertEquals(won.size(), count(sql, "select count(*) from orders where sale_id = " + sale + " and id in ("
                        + String.join(",", won.stream().map(a -> Long.toString(a.orderId())).toList()) + ")"));
            }
            String host = app.tokenFor(hostId, "seller", "host");
            Response invariant = app.get("/api/sales/" + sale + "/invariant", host);
            assertTrue(invariant.body().path("holds").asBoolean(), invariant.toString());
        } finally {
            if (app != null) {
                app.stop();
            }
            postgres.close();
        }
    }

    private static String key(int buyer) {
        return "crash-key-" + buyer;
    }

    /** Every buyer tries once (64 in flight); the application is killed with SIGKILL after WON_BEFORE_KILL wins. */
    private static List<Answer> rushAndKill(App app, long sale, List<String> tokens) throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        AtomicInteger won = new AtomicInteger();
        List<CompletableFuture<Answer>> all = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            inFlight.acquire();
            int buyer = i;
            HttpRequest request = HttpRequest.newBuilder(app.uri("/api/sales/" + sale + "/buy"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + tokens.get(i))
                    .header("Idempotency-Key", key(i)).POST(HttpRequest.BodyPublishers.noBody()).build();
            all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((r, failure) -> {
                        inFlight.release();
                        Answer a = r == null ? new Answer(buyer, key(buyer), -1, JSON.createObjectNode())
                                : new Answer(buyer, key(buyer), r.statusCode(), parse(r.body()));
                        if (a.won() && won.incrementAndGet() == WON_BEFORE_KILL) {
                            app.kill();
                        }
                        return a;
                    }));
        }
        app.awaitExit();
        return all.stream().map(CompletableFuture::join).toList();
    }

    private static int count(Statement sql, String query) throws java.sql.SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparseable", body);
        }
    }

    record Response(int status, JsonNode body) {
    }

    /** The packaged application in the loadtest profile (dev tokens, seed endpoint) on a database it does not own. */
    static final class App {
        final Process process;
        final int port;
        final Path log;

        private App(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static App start(int postgresPort) throws IOException, InterruptedException {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path log = Files.createTempFile("liveshop-crash-app", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dquarkus.http.port=" + port, "-jar", JAR.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("LIVESHOP_") || k.startsWith("QUARKUS_"));
            builder.environment().putAll(Map.of("QUARKUS_PROFILE", "loadtest",
                    "LIVESHOP_DB_URL", "jdbc:postgresql://localhost:" + postgresPort + "/postgres",
                    "LIVESHOP_DB_USER", "postgres", "LIVESHOP_DB_PASSWORD", "postgres"));
            App app = new App(builder.start(), port, log);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!app.process.isAlive()) {
                    throw new AssertionError("the application exited:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                try {
                    if (app.get("/q/health/ready", null).status() == 200) {
                        return app;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            app.stop();
            throw new AssertionError("the application did not become ready:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        List<String> tokens(String prefix, int count) throws IOException, InterruptedException {
            Response r = post("/api/dev/tokens/batch", null,
                    "{\"prefix\":\"" + prefix + "\",\"count\":" + count + ",\"roles\":[\"viewer\"]}");
            assertEquals(200, r.status(), r.toString());
            List<String> out = new ArrayList<>();
            r.body().forEach(t -> out.add(t.path("token").asText()));
            return out;
        }

        String tokenFor(String subject, String... roles) throws IOException, InterruptedException {
            Response r = post("/api/dev/tokens", null, JSON.writeValueAsString(Map.of("subject", subject, "roles", roles)));
            return r.body().path("token").asText();
        }

        Response get(String path, String token) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return send(request);
        }

        Response post(String path, String token, String body) throws IOException, InterruptedException {
            return post(path, token, body, null);
        }

        Response post(String path, String token, String body, String idempotencyKey)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return send(request);
        }

        private static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), parse(r.body()));
        }

        /** SIGKILL: no shutdown hook, no flush, as a crash would. */
        void kill() {
            process.destroyForcibly();
        }

        void awaitExit() throws InterruptedException {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                throw new AssertionError("the application survived SIGKILL");
            }
        }

        void stop() throws IOException, InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            Files.deleteIfExists(log);
        }
    }
}
