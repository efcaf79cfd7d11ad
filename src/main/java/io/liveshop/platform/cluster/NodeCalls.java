package io.liveshop.platform.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cluster mode: node-to-node calls over HTTP to another member's {@code /internal/cluster/…} resources,
 * authenticated by the cluster secret. A failed call (the member died, the network) fails with the caller's
 * 503 problem, with nothing taken on this side; the member's own problem answers (404, 409, 422 …) are given as
 * this node's. The receiving resources call {@link #check} first.
 */
@ApplicationScoped
public class NodeCalls {

    public static final String SECRET_HEADER = "X-LiveShop-Cluster-Secret";

    private final Cluster cluster;
    private final ObjectMapper json;
    private final HttpClient http;

    NodeCalls(Cluster cluster, ObjectMapper json, Vertx vertx) {
        this.cluster = cluster;
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                .setConnectTimeout(2_000).setIdleTimeout(60));
    }

    /**
     * POSTs {@code body} as JSON to {@code path} on {@code node}; the answer (200) read as {@code answer}, null for
     * 204. {@code unavailable} is the problem given when the node does not answer.
     */
    public <T> Uni<T> call(String node, String path, Object body, Class<T> answer, ProblemException unavailable) {
        String base = node == null ? null : cluster.httpUrl(node);
        if (base == null) {
            return Uni.createFrom().failure(unavailable);
        }
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + path)
                .putHeader("content-type", "application/json").putHeader(SECRET_HEADER, cluster.secret())
                .setTimeout(10_000);
        Context caller = Vertx.currentContext();
        Uni<T> result = Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> request.send(Buffer.buffer(payload)))
                .compose(response -> response.body().map(bytes -> {
                    if (response.statusCode() == 200) {
                        return read(bytes, answer);
                    }
                    if (response.statusCode() == 204) {
                        return (T) null;
                    }
                    throw relayed(response.statusCode(), bytes, unavailable);
                }))
                .toCompletionStage());
        result = result.onFailure(f -> !(f instanceof ProblemException)).transform(f -> unavailable);
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /** The receiving side: 404 when clustering is off, 403 without this cluster's secret. */
    public void check(String secret) {
        if (!cluster.enabled()) {
            throw ProblemException.notFound("Resource");
        }
        if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                cluster.secret().getBytes(StandardCharsets.UTF_8))) {
            throw ProblemException.forbidden("Not a member of this cluster");
        }
    }

    private <T> T read(Buffer bytes, Class<T> type) {
        try {
            return json.readValue(bytes.getBytes(), type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ProblemException relayed(int status, Buffer bytes, ProblemException unavailable) {
        try {
            var problem = json.readTree(bytes.getBytes());
            return new ProblemException(status, problem.path("title").asText("Error"), problem.path("code").asText(null),
                    problem.path("detail").asText(null), null);
        } catch (Exception e) {
            return unavailable;
        }
    }
}
