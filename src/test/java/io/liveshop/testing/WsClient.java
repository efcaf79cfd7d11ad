package io.liveshop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that records every JSON frame it receives. A client created with
 * {@code reading=false} stops asking for frames after its first one, like a viewer whose app froze.
 */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(String pathAndQuery, boolean reading) {
        String url = "ws://localhost:" + RestAssured.port + pathAndQuery;
        StringBuilder partial = new StringBuilder();
        socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
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
                        if (reading) {
                            ws.request(1);
                        }
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

    public static WsClient viewer(long streamId, String token) {
        return new WsClient("/ws/streams/" + streamId + "?access_token=" + token, true);
    }

    public static WsClient connect(String pathAndQuery) {
        return new WsClient(pathAndQuery, true);
    }

    /**
     * A viewer whose app froze: a raw socket that completes the WebSocket handshake, then never reads again, with
     * a tiny receive buffer so the server's side fills quickly.
     */
    public static java.net.Socket frozen(long streamId, String token) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", RestAssured.port));
        String key = java.util.Base64.getEncoder().encodeToString("frozen-viewer-16".getBytes());
        socket.getOutputStream().write(("GET /ws/streams/" + streamId + "?access_token=" + token + " HTTP/1.1\r\n"
                + "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] status = new byte[12];
        if (socket.getInputStream().readNBytes(status, 0, 12) != 12 || !new String(status).endsWith("101")) {
            throw new AssertionError("handshake refused: " + new String(status));
        }
        return socket;
    }

    /** A frozen viewer's app wakes up: the rest of the handshake's headers are skipped, frames follow. */
    public static java.io.DataInputStream thaw(java.net.Socket frozen) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(frozen.getInputStream());
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        while (matched < 4) {
            matched = in.readByte() == end[matched] ? matched + 1 : 0;
        }
        return in;
    }

    /** The next unmasked text frame's payload from a thawed socket; control frames (pings) are skipped. */
    public static byte[] readTextFrame(java.io.DataInputStream in) throws java.io.IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((b0 & 0x0f) == 1) {
                return payload;
            }
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public List<JsonNode> frames() {
        return new ArrayList<>(frames);
    }

    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Waits for the first frame matching, returning it. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode frame : frames) {
                if (match.test(frame)) {
                    return frame;
                }
            }
            sleep();
        }
        throw new AssertionError("no matching frame within " + timeout + "; got " + frames);
    }

    public JsonNode await(String type) {
        return await(f -> type.equals(f.path("type").asText()), Duration.ofSeconds(15));
    }

    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection was not closed within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a raw socket's server frames (after the 101 response) up to the close frame; returns its status code. */
    public static int closeCode(java.net.Socket socket) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) { // the rest of the 101 response's headers, up to the blank line
            last4 = (last4 << 8) | in.readUnsignedByte();
        }
        while (true) {
            int first = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((first & 0x0f) == 0x8) {
                return length >= 2 ? in.readUnsignedShort() : 1005;
            }
            in.skipNBytes(length);
        }
    }
}
