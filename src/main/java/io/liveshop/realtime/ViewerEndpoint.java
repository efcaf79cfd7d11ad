package io.liveshop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.commands.SocketCommand;
import io.quarkus.arc.All;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A viewer's connection to one stream: {@code /ws/streams/{streamId}?access_token=…[&since=N&epoch=E]}. The
 * protocol is specified in docs/PROTOCOL.md.
 */
@WebSocket(path = "/ws/streams/{streamId}")
public class ViewerEndpoint {

    static final int CLOSE_BAD_REQUEST = 4400;
    static final int CLOSE_UNAUTHORIZED = 4401;
    static final int CLOSE_NOT_FOUND = 4404;
    static final int CLOSE_POLICY = 1008;

    private final Map<String, ViewerSession> sessions = new ConcurrentHashMap<>();
    private final StreamHub hub;
    private final JWTParser tokens;
    private final RealtimeConfig config;
    private final ObjectMapper json;
    private final Map<String, SocketCommand> commands = new HashMap<>();

    ViewerEndpoint(StreamHub hub, JWTParser tokens, RealtimeConfig config, ObjectMapper json,
            @All List<SocketCommand> commands) {
        this.hub = hub;
        this.tokens = tokens;
        this.config = config;
        this.json = json;
        commands.forEach(c -> this.commands.put(c.type(), c));
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Map<String, String> query = query(connection.handshakeRequest().query());
        long streamId;
        Long since;
        try {
            streamId = Long.parseLong(connection.pathParam("streamId"));
            since = query.containsKey("since") ? Long.parseLong(query.get("since")) : null;
        } catch (NumberFormatException e) {
            return refuse(connection, CLOSE_BAD_REQUEST, "bad-request", "stream id and since must be integers");
        }
        JsonWebToken jwt;
        try {
            jwt = tokens.parse(token(connection, query));
        } catch (ParseException | RuntimeException e) {
            return refuse(connection, CLOSE_UNAUTHORIZED, "unauthorized", "a valid access_token is required");
        }
        CurrentUser user = CurrentUser.of(jwt);
        Outbox outbox = new Outbox(Sockets.of(connection), config.maxQueuedFrames());
        io.vertx.core.Context current = io.vertx.core.Vertx.currentContext();
        ViewerSession session = new ViewerSession(connection, user, streamId, outbox,
                current == null ? null : io.smallrye.common.vertx.VertxContext.getRootContext(current));
        String epoch = query.get("epoch");
        return hub.base(streamId)
                .invoke(stream -> {
                    if (connection.isOpen()) {
                        sessions.put(connection.id(), session);
                        hub.join(session, since, epoch, stream);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> e instanceof ProblemException p && p.status() == 404
                        ? refuse(connection, CLOSE_NOT_FOUND, "not-found", "no such stream")
                        : refuse(connection, 1011, "internal", "the stream could not be loaded"));
    }

    @OnTextMessage
    public Uni<Void> message(String text, WebSocketConnection connection) {
        ViewerSession session = sessions.get(connection.id());
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        session.lastHeard = System.nanoTime();
        if (text.length() > config.maxInboundBytes()) {
            return error(session, "too-large", "messages are limited to " + config.maxInboundBytes() + " bytes");
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            return error(session, "malformed", "the message is not JSON");
        }
        String type = message == null ? "" : message.path("type").asText("");
        return switch (type) {
            case "ping" -> {
                session.outbox.sendNow(hub.encoder().control("pong", Map.of("seq", hub.seq(session.streamId))));
                yield Uni.createFrom().voidItem();
            }
            default -> {
                SocketCommand command = commands.get(type);
                yield command == null
                        ? error(session, "unknown-type", "unknown message type '" + type + "'")
                        : run(session, command, message);
            }
        };
    }

    @OnPongMessage
    public void pong(Buffer data, WebSocketConnection connection) {
        ViewerSession session = sessions.get(connection.id());
        if (session != null) {
            session.lastHeard = System.nanoTime();
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        ViewerSession session = sessions.remove(connection.id());
        if (session != null) {
            hub.leave(session);
        }
    }

    /** A feature's command: one answer frame carrying the request id, or an error frame. */
    private Uni<Void> run(ViewerSession session, SocketCommand command, JsonNode message) {
        String requestId = message.path("requestId").isTextual() ? message.path("requestId").asText() : null;
        Uni<?> answer;
        try {
            answer = command.handle(session.user, session.streamId, message);
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        return answer
                .invoke(data -> session.outbox.sendNow(hub.encoder().answer(command.answerType(), requestId, data)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> e instanceof ProblemException p
                        ? error(session, p.status() == 400 ? "bad-request" : "rejected", detail(p), requestId)
                        : error(session, "internal", "the command could not be processed", requestId));
    }

    private static String detail(ProblemException problem) {
        if (problem.errors() == null || problem.errors().isEmpty()) {
            return problem.getMessage();
        }
        StringBuilder detail = new StringBuilder();
        problem.errors().forEach(e -> detail.append(detail.isEmpty() ? "" : "; ").append(e.field()).append(' ')
                .append(e.message()));
        return detail.toString();
    }

    private Uni<Void> error(ViewerSession session, String code, String detail) {
        return error(session, code, detail, null);
    }

    private Uni<Void> error(ViewerSession session, String code, String detail, String requestId) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("detail", detail);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        session.outbox.sendNow(hub.encoder().control("error", body));
        if (session.errors.incrementAndGet() > config.maxErrors()) {
            session.close(CLOSE_POLICY, "too many bad messages");
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> refuse(WebSocketConnection connection, int code, String errorCode, String detail) {
        Map<String, String> body = new HashMap<>();
        body.put("code", errorCode);
        body.put("detail", detail);
        return connection.sendText(new String(hub.encoder().control("error", body), StandardCharsets.UTF_8))
                .onFailure().recoverWithNull()
                .flatMap(v -> connection.close(new io.quarkus.websockets.next.CloseReason(code, errorCode)))
                .onFailure().recoverWithNull();
    }

    /** Browsers cannot set headers on a WebSocket, so the token travels as {@code access_token} in the query. */
    private static String token(WebSocketConnection connection, Map<String, String> query) {
        String token = query.get("access_token");
        if (token == null) {
            String header = connection.handshakeRequest().header("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = header.substring(7).strip();
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token");
        }
        return token;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
