package io.liveshop.flashsale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.cluster.Cluster;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Cluster mode: calls a sale's owner node over HTTP ({@link ClusterSaleResource}, authenticated by the cluster
 * secret). A failed call (the owner died, the network) is a 503 with nothing taken: the client retries with the
 * same request id, by then on the sale's new owner.
 */
@ApplicationScoped
class SaleForwarding {

    static final String SECRET_HEADER = "X-LiveShop-Cluster-Secret";

    private final Cluster cluster;
    private final ObjectMapper json;
    private final HttpClient http;

    SaleForwarding(Cluster cluster, ObjectMapper json, Vertx vertx) {
        this.cluster = cluster;
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                .setConnectTimeout(2_000).setIdleTimeout(60));
    }

    <T> Uni<T> call(String owner, long saleId, String action, Map<String, ?> body, Class<T> answer) {
        String base = cluster.httpUrl(owner);
        if (base == null) {
            return Uni.createFrom().failure(unavailable());
        }
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(base + "/internal/cluster/sales/" + saleId + "/" + action)
                .putHeader("content-type", "application/json").putHeader(SECRET_HEADER, cluster.secret())
                .setTimeout(10_000);
        Context caller = Vertx.currentContext();
        Uni<T> result = Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> request.send(Buffer.buffer(payload)))
                .compose(response -> response.body().map(bytes -> {
                    if (response.statusCode() == 200) {
                        return read(bytes, answer);
                    }
                    throw relayed(response.statusCode(), bytes);
                }))
                .toCompletionStage());
        result = result.onFailure(f -> !(f instanceof ProblemException)).transform(f -> unavailable());
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    private <T> T read(Buffer bytes, Class<T> type) {
        try {
            return json.readValue(bytes.getBytes(), type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owner's problem answer, given as this node's (404, 409, 422 …). */
    private ProblemException relayed(int status, Buffer bytes) {
        try {
            var problem = json.readTree(bytes.getBytes());
            return new ProblemException(status, problem.path("title").asText("Error"), problem.path("code").asText(null),
                    problem.path("detail").asText(null), null);
        } catch (Exception e) {
            return unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "Service Unavailable", "sale-owner-unavailable",
                "The node running this sale did not answer and nothing was taken; try again", null);
    }
}
