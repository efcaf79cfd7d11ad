package io.liveshop.platform;

import static io.liveshop.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.testing.Api;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is stopped (fast shutdown, as an operator's restart does) and started again on the same data and port
 * while buyers, a host and viewers keep using LiveShop. While it is down, requests that need it are answered 503
 * problem+json with Retry-After (never 500, never unanswered), readiness is DOWN, viewers stay connected and keep
 * receiving what needs no database (a joiner's audience count); after the restart everything recovers by itself,
 * every order a buyer was told about exists, replays answer the same order, the sale's invariant holds, and nothing
 * was logged as an error.
 */
@QuarkusTest
@TestProfile(DatabaseRestartTest.Restart.class)
class DatabaseRestartTest {

    public static class Restart implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Database.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.database.connect-timeout", "PT2S", "liveshop.database.acquire-timeout", "PT2S");
        }
    }

    /** A PostgreSQL this test owns, on a data directory it keeps, so it can be stopped and started again. */
    public static class Database implements QuarkusTestResourceLifecycleManager {
        static Path dataDir;
        static int port;
        static volatile EmbeddedPostgres postgres;

        @Override
        public Map<String, String> start() {
            try {
                dataDir = Files.createTempDirectory("liveshop-restart-db");
                postgres = builder().start();
                port = postgres.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String url = "postgresql://localhost:" + port + "/postgres";
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:" + url, "quarkus.datasource.reactive.url", url,
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres");
        }

        static EmbeddedPostgres.Builder builder() {
            return EmbeddedPostgres.builder().setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on");
        }

        /** pg_ctl stop -m fast: open sessions are terminated (57P01), new connections refused. */
        static void stopServer() throws IOException {
            postgres.close();
        }

        static void startServer() throws IOException {
            postgres = builder().setPort(port).start();
        }

        @Override
        public void stop() {
            try {
                postgres.close();
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every ERROR (or worse) the application logs while the test runs, and any record naming the pool's race. */
    static final class ErrorLog extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (mentionsCompletedResult(record.getThrown())
                    || record.getLevel().intValue() >= Level.SEVERE.intValue() && !lostRollback(record)) {
                records.add(record);
            }
        }

        /**
         * Hibernate Reactive logs, at ERROR, a begin, commit or rollback it could not complete on a connection
         * PostgreSQL closed; the failure itself reaches the caller (a 503, and a retry with the same Idempotency-Key finds out
         * whether the commit happened).
         */
        private static boolean lostRollback(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            return record.getLoggerName().startsWith("org.hibernate.reactive.pool")
                    && (message.contains("Failed to rollback transaction") || message.contains("Failed to commit transaction")
                            || message.contains("Failed to start a transaction"));
        }

        private static boolean mentionsCompletedResult(Throwable t) {
            for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("already complete")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            for (LogRecord r : records) {
                out.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage())
                        .append(' ').append(r.getThrown()).append('\n');
            }
            return out.toString();
        }
    }

    enum Kind { SALE_BUY, BUY_NOW, PIN, READ }

    /** One request of the load and its answer; status -1 when the client gave up waiting (a hang). */
    record Answer(Kind kind, String token, String key, int status, String contentType, String retryAfter, JsonNode body) {

        Long orderId() {
            if (kind == Kind.SALE_BUY && "WON".equals(body.path("outcome").asText())) {
                return body.path("orderId").asLong();
            }
            if (kind == Kind.BUY_NOW && (status == 201 || status == 200)) { // 200: a replay
                return body.path("id").asLong();
            }
            return null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** Far above the 2 s + 2 s bounds of connect and acquire: an answer later than this is a hang. */
    private static final Duration UNANSWERED = Duration.ofSeconds(30);
    private static final int CLIENTS = 4;

    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void aPostgresRestartUnderLoadIs503ThenRecoversWithEveryPromisedOrder() throws Exception {
        ErrorLog errors = new ErrorLog();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(errors);
        ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
        try {
            Streams show = Streams.live(2, 100_000);
            long saleProduct = show.products().get(0);
            long shelfProduct = show.products().get(1);
            long sale = as(show.hostToken()).body(Map.of("streamId", show.streamId(), "productId", saleProduct,
                            "priceMinor", 4900, "quantity", 400, "perBuyerLimit", 1, "countdownSeconds", 0,
                            "durationSeconds", 900))
                    .post("/api/sales").then().statusCode(201).extract().jsonPath().getLong("id");
            List<String> buyers = given().contentType(ContentType.JSON)
                    .body(Map.of("prefix", Api.unique("restart-buyer"), "count", 1000, "roles", List.of("viewer")))
                    .post("/api/dev/tokens/batch").then().statusCode(200).extract().jsonPath().getList("token");
            String viewerToken = Api.token(Api.unique("restart-viewer"), "viewer");
            Streams unloaded = Streams.live(1, 5); // live, but nobody has joined it: its snapshot was never loaded

            try (WsClient watcher = WsClient.viewer(show.streamId(), viewerToken)) {
                watcher.await("snapshot");
                for (int c = 0; c < CLIENTS; c++) {
                    load.submit(() -> client(show, sale, saleProduct, shelfProduct, buyers));
                }
                await().atMost(Duration.ofMinutes(1)).until(() -> count(a -> a.orderId() != null) >= 20);

                Database.stopServer();
                int beforeOutage = answers.size();
                given().get("/q/health/ready").then().statusCode(503);
                await().atMost(Duration.ofMinutes(1)).until(() -> answers.stream().skip(beforeOutage)
                        .filter(a -> a.status() == 503).map(Answer::kind).distinct().count() >= 3);
                // a viewer joining during the outage gets its snapshot from memory; the first one hears the new count
                try (WsClient joiner = WsClient.viewer(show.streamId(), Api.token(Api.unique("late-viewer"), "viewer"))) {
                    joiner.await("snapshot");
                    watcher.await(f -> "viewers".equals(f.path("type").asText()) && f.path("data").path("live").asInt() >= 2,
                            Duration.ofSeconds(30));
                }
                // a stream this node has not loaded yet cannot be served from memory: try again later, not an error
                try (WsClient early = WsClient.viewer(unloaded.streamId(), viewerToken)) {
                    assertEquals(1013, early.awaitClose(Duration.ofSeconds(30)));
                }
                given().get("/q/health/ready").then().statusCode(503);
                Database.startServer();

                await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/q/health/ready").statusCode() == 200);
                int afterRestart = answers.size();
                await().atMost(Duration.ofMinutes(1)).until(() -> answers.stream().skip(afterRestart)
                        .filter(a -> a.orderId() != null).map(Answer::kind).distinct().count() == 2);
                running.set(false);
                load.shutdown();
                assertTrue(load.awaitTermination(2, TimeUnit.MINUTES), "the load clients did not stop");

                assertFalse(watcher.isClosed(), "the viewer was disconnected by the database restart");
            }

            List<Answer> all = new ArrayList<>(answers);
            for (Answer a : all) {
                assertTrue(List.of(200, 201, 409, 429, 503).contains(a.status()), "unexpected answer " + a);
                if (a.status() == 503) {
                    assertTrue(String.valueOf(a.contentType()).startsWith(Problem.MEDIA_TYPE), a.toString());
                    assertTrue(a.retryAfter() != null, "503 without Retry-After: " + a);
                }
            }
            assertTrue(all.stream().anyMatch(a -> a.status() == 503), "the outage was never seen");

            // every promised order exists and its request, retried, answers the same order; a request answered 503
            // retried with its key is answered now, at most once
            for (Answer a : all) {
                if (a.kind() != Kind.SALE_BUY && a.kind() != Kind.BUY_NOW || a.orderId() == null && a.status() != 503) {
                    continue;
                }
                Answer retry = send(a.kind(), a.token(), a.key(), show, sale, saleProduct, shelfProduct);
                if (a.orderId() != null) {
                    as(a.token()).get("/api/orders/" + a.orderId()).then().statusCode(200);
                    assertEquals(a.orderId(), retry.orderId(), "retry of " + a + " answered " + retry);
                } else {
                    assertTrue(List.of(200, 201, 409).contains(retry.status()), "retry after the outage " + retry);
                }
            }
            as(show.hostToken()).get("/api/sales/" + sale + "/invariant").then().statusCode(200)
                    .body("holds", org.hamcrest.Matchers.equalTo(true));
            assertTrue(errors.records.isEmpty(), "logged as errors:\n" + errors.describe());
        } finally {
            running.set(false);
            load.shutdownNow();
            root.removeHandler(errors);
        }
    }

    private long count(java.util.function.Predicate<Answer> match) {
        return answers.stream().filter(match).count();
    }

    /** One client of the load: buys in the sale, buys now, pins and reads, round robin, until told to stop. */
    private void client(Streams show, long sale, long saleProduct, long shelfProduct, List<String> buyers) {
        while (running.get()) {
            int n = sequence.incrementAndGet();
            Kind kind = Kind.values()[n % Kind.values().length];
            String token = kind == Kind.PIN ? show.hostToken() : buyers.get(n % buyers.size());
            try {
                answers.add(send(kind, token, "restart-" + n, show, sale, saleProduct, shelfProduct));
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Answer send(Kind kind, String token, String key, Streams show, long sale, long saleProduct,
            long shelfProduct) {
        String base = "http://localhost:" + RestAssured.port;
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(UNANSWERED).header("Authorization", "Bearer " + token);
        switch (kind) {
            case SALE_BUY -> request.uri(URI.create(base + "/api/sales/" + sale + "/buy")).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.noBody());
            case BUY_NOW -> request.uri(URI.create(base + "/api/orders")).header("Idempotency-Key", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":" + shelfProduct + ",\"quantity\":1}"));
            case PIN -> request.uri(URI.create(base + "/api/streams/" + show.streamId() + "/pin"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"productId\":"
                            + (key.hashCode() % 2 == 0 ? saleProduct : shelfProduct) + "}"));
            case READ -> request.uri(URI.create(base + "/api/orders")).GET();
        }
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            return new Answer(kind, token, key, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null), body);
        } catch (IOException e) {
            return new Answer(kind, token, key, -1, null, null, JSON.createObjectNode().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(kind, token, key, -1, null, null, JSON.createObjectNode().put("error", "interrupted"));
        }
    }
}
