package io.liveshop.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/** Fires many real HTTP requests at once, released together by a latch, and collects every response. */
public final class ConcurrentClients {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConcurrentClients() {
    }

    public static List<HttpResponse<String>> postAll(int count, IntFunction<HttpRequest> request) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> futures = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            HttpRequest r = request.apply(i);
            futures.add(CompletableFuture.runAsync(() -> awaitQuietly(start))
                    .thenCompose(v -> CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString())));
        }
        start.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    public static HttpRequest.Builder post(String path, String token, String json) {
        return HttpRequest.newBuilder(URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
