package io.liveshop.platform.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A WebSocket viewer of one stream on one node, recording every frame. */
final class Viewer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    Viewer(String wsBase, long streamId, String token, String resume) {
        StringBuilder partial = new StringBuilder();
        socket = ClusterNodes.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(wsBase + "/ws/streams/" + streamId + "?access_token=" + token
                        + (resume == null ? "" : resume)), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                frames.add(JSON.createObjectNode().put("type", "unparseable"));
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(-1);
                    }
                }).join();
    }

    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).collect(Collectors.toList());
    }

    JsonNode first() {
        return frames.isEmpty() ? null : frames.get(0);
    }

    /** The sequence numbers of every event frame (those carrying a seq), in arrival order. */
    List<Long> eventSeqs() {
        return frames.stream().filter(f -> f.has("seq") && f.has("data") && !"snapshot".equals(f.path("type").asText()))
                .map(f -> f.get("seq").asLong()).collect(Collectors.toList());
    }

    long lastSeq() {
        List<Long> seqs = eventSeqs();
        return seqs.isEmpty() ? first().path("seq").asLong() : seqs.get(seqs.size() - 1);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
