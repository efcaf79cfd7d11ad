package io.liveshop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.DatabaseFailures;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.commands.CommandFields;
import io.liveshop.platform.commands.SocketCommand;
import io.liveshop.platform.http.GuestLimits;
import io.quarkus.arc.All;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A viewer's connection to one stream: {@code /ws/streams/{streamId}?access_token=…[&since=N&epoch=E]}, a Vert.x
 * Web route upgraded to a {@link ServerWebSocket} so the gateway owns the socket (pre-encoded frames, write
 * queue, heartbeats). The protocol is specified in docs/PROTOCOL.md.
 */
@ApplicationScoped
public class ViewerRoute {

    static final int CLOSE_BAD_REQUEST = 4400;
    static final int CLOSE_UNAUTHORIZED = 4401;
    static final int CLOSE_NOT_FOUND = 4404;
    /** RFC 6455 "Try Again Later": a stream this node has not loaded yet, during a database outage. */
    static final int CLOSE_TRY_AGAIN_LATER = 1013;
    static final int CLOSE_TOO_MANY_GUESTS = 4429;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TOO_BIG = 1009;

    private final StreamHub hub;
    private final JWTParser tokens;
    private final RealtimeConfig config;
    private final ObjectMapper json;
    private final GuestLimits guests;
    private final Map<String, SocketCommand> commands = new HashMap<>();

    ViewerRoute(StreamHub hub, JWTParser tokens, RealtimeConfig config, ObjectMapper json, GuestLimits guests,
            @All List<SocketCommand> commands) {
        this.guests = guests;
        this.hub = hub;
        this.tokens = tokens;
        this.config = config;
        this.json = json;
        commands.forEach(c -> this.commands.put(c.type(), c));
    }

    void init(@Observes Router router) {
        router.get("/ws/streams/:streamId").handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String streamParam = rc.pathParam("streamId");
        MultiMap query = request.params();
        String header = request.getHeader("Authorization");
        String address = GuestLimits.address(request);
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                if (!rc.response().ended()) {
                    rc.response().setStatusCode(400).end("a WebSocket upgrade is required");
                }
                return;
            }
            ServerWebSocket socket = upgraded.result();
            // Netty's frame decoder reports an oversized frame to the connection, not to the socket.
            request.connection().exceptionHandler(e -> tooBig(socket, e));
            open(socket, WireSocket.of(request.connection()), streamParam, query, header, address);
        });
    }

    private void open(ServerWebSocket socket, WireSocket wire, String streamParam, MultiMap query, String header,
            String address) {
        // Resets and abrupt closes: the close handler cleans up. A message over the limit split into fragments
        // is reported here by Vert.x's aggregator (an IllegalStateException naming the max message size).
        socket.exceptionHandler(e -> {
            if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")
                    && !socket.isClosed()) {
                socket.close((short) CLOSE_TOO_BIG, "message too big");
            }
        });
        long streamId;
        Long since;
        try {
            streamId = Long.parseLong(streamParam);
            since = query.contains("since") ? Long.parseLong(query.get("since")) : null;
        } catch (NumberFormatException e) {
            streamId = 0;
            since = null;
        }
        if (streamId <= 0 || (since != null && since < 0)) {
            refuse(socket, CLOSE_BAD_REQUEST, "bad-request", "stream id must be a positive integer, since one >= 0");
            return;
        }
        String token = token(query, header);
        CurrentUser user = null;
        if (token != null) {
            try {
                user = CurrentUser.of(tokens.parse(token));
            } catch (ParseException | RuntimeException e) {
                refuse(socket, CLOSE_UNAUTHORIZED, "unauthorized", "the access_token is expired or invalid");
                return;
            }
        } else if (!guests.tryOpenSocket(address)) {
            refuse(socket, CLOSE_TOO_MANY_GUESTS, "too-many-guests",
                    "too many guest connections from this address: sign in to watch");
            return;
        }
        Context loop = VertxContext.getRootContext(Vertx.currentContext());
        Context commandContext = VertxContext.createNewDuplicatedContext(loop);
        VertxContextSafetyToggle.setContextSafe(commandContext, true);
        wire.limitSendBuffer(config.sendBufferBytes());
        ViewerSession session = new ViewerSession(socket, wire, user, address, streamId,
                new Outbox(wire, config.maxQueuedFrames()), loop, commandContext,
                new Throttle(config.commandsPerSecond(), config.commandBurst()));
        socket.drainHandler(v -> session.outbox.drained());
        socket.pongHandler(v -> session.lastHeard = System.nanoTime());
        socket.closeHandler(v -> {
            if (session.user == null) {
                guests.closeSocket(address);
            }
            hub.leave(session);
        });
        socket.textMessageHandler(text -> message(session, text));
        String epoch = query.get("epoch");
        long id = streamId;
        Long from = since;
        commandContext.runOnContext(ignored -> hub.base(id).subscribe().with(
                stream -> {
                    if (!socket.isClosed()) {
                        hub.join(session, from, epoch, stream);
                    }
                },
                e -> {
                    if (e instanceof ProblemException p && p.status() == 404) {
                        refuse(socket, CLOSE_NOT_FOUND, "not-found", "no such stream");
                    } else if (DatabaseFailures.unavailable(e) || e instanceof ProblemException p && p.status() == 503) {
                        refuse(socket, CLOSE_TRY_AGAIN_LATER, "unavailable",
                                "the stream cannot be loaded while the database is unavailable: reconnect shortly");
                    } else {
                        refuse(socket, 1011, "internal", "the stream could not be loaded");
                    }
                }));
    }

    private void message(ViewerSession session, String text) {
        session.lastHeard = System.nanoTime();
        if (!session.throttle.tryAcquire(System.nanoTime())) {
            error(session, "rate-limited", "at most " + config.commandsPerSecond() + " messages a second", null);
            return;
        }
        if (text.length() > config.maxInboundBytes()) {
            error(session, "too-large", "messages are limited to " + config.maxInboundBytes() + " bytes", null);
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            String duplicate = duplicateField(e);
            error(session, "malformed", duplicate == null ? "the message is not JSON"
                    : "the message is not valid JSON: duplicate field '" + duplicate + "'", null, duplicate);
            return;
        }
        String type = message == null ? "" : message.path("type").asText("");
        if (type.equals("ping")) {
            session.send(Frame.control(hub.encoder().control("pong", Map.of("seq", hub.seq(session.streamId)))));
            return;
        }
        if (type.equals("auth")) {
            signIn(session, message.path("token"));
            return;
        }
        SocketCommand command = commands.get(type);
        if (command == null) {
            error(session, "unknown-type", "unknown message type '" + type + "'", null);
        } else if (session.user == null) {
            error(session, "unauthorized", "sign in first: send {\"type\":\"auth\",\"token\":JWT} on this socket",
                    CommandFields.validRequestId(message));
        } else {
            session.commands.runOnContext(ignored -> run(session, command, message));
        }
    }

    /**
     * A guest signs in on the open socket: it keeps its place in the stream (no reconnect, no gap) and from now on
     * may send commands and receives its own user frames. A bad token is an error frame; it stays a guest.
     */
    private void signIn(ViewerSession session, JsonNode token) {
        if (session.user != null) {
            error(session, "rejected", "this connection is already signed in", null);
            return;
        }
        if (!token.isTextual() || token.asText().isBlank()) {
            error(session, "bad-request", "token must be a JWT string", null, "token");
            return;
        }
        CurrentUser user;
        try {
            user = CurrentUser.of(tokens.parse(token.asText()));
        } catch (ParseException | RuntimeException e) {
            error(session, "unauthorized", "the token is expired or invalid", null);
            return;
        }
        session.user = user;
        guests.closeSocket(session.address);
        hub.signedIn(session);
        session.send(Frame.control(hub.encoder().control("authenticated", Map.of("userId", user.id()))));
    }

    /** A feature's command: one answer frame carrying the request id, or an error frame. */
    private void run(ViewerSession session, SocketCommand command, JsonNode message) {
        String requestId = CommandFields.validRequestId(message);
        Uni<?> answer;
        try {
            answer = command.handle(session.user, session.streamId, message);
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.subscribe().with(
                data -> session.send(Frame.control(hub.encoder().answer(command.answerType(), requestId, data))),
                e -> {
                    if (e instanceof ProblemException p) {
                        error(session, p.status() == 400 ? "bad-request" : "rejected", detail(p), requestId,
                                p.errors() == null || p.errors().isEmpty() ? null : p.errors().get(0).field());
                    } else {
                        error(session, "internal", "the command could not be processed", requestId);
                    }
                });
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

    private void error(ViewerSession session, String code, String detail, String requestId) {
        error(session, code, detail, requestId, null);
    }

    /** An error frame; {@code field} names the message field at fault, when one is. */
    private void error(ViewerSession session, String code, String detail, String requestId, String field) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("detail", detail);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        if (field != null) {
            body.put("field", field);
        }
        session.send(Frame.control(hub.encoder().control("error", body)));
        if (session.errors.incrementAndGet() > config.maxErrors()) {
            session.close(CLOSE_POLICY, "too many bad messages");
        }
    }

    /** The key a message repeats, which the strict parser refuses (its only report of it is the message). */
    private static String duplicateField(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getOriginalMessage() != null) {
            java.util.regex.Matcher m = DUPLICATE.matcher(p.getOriginalMessage());
            return m.find() ? m.group(1) : null;
        }
        return null;
    }

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']*)'");

    /** A single frame over the transport limit: Netty reports it with the close code it calls for (1009). */
    private static void tooBig(ServerWebSocket socket, Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException corrupt && !socket.isClosed()) {
            socket.close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
        }
    }

    private void refuse(ServerWebSocket socket, int code, String errorCode, String detail) {
        Map<String, String> body = new HashMap<>();
        body.put("code", errorCode);
        body.put("detail", detail);
        String text = new String(hub.encoder().control("error", body), java.nio.charset.StandardCharsets.UTF_8);
        socket.writeTextMessage(text).onComplete(ignored -> socket.close((short) code, errorCode));
    }

    /**
     * Browsers cannot set headers on a WebSocket, so the token travels as {@code access_token} in the query. Null
     * when there is none at all: a guest, who watches only.
     */
    private static String token(MultiMap query, String header) {
        String token = query.get("access_token");
        if (token == null && header != null) {
            token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : header;
        }
        return token;
    }
}
