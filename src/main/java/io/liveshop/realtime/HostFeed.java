package io.liveshop.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.flashsale.StreamSalesReport;
import io.liveshop.identity.CurrentUser;
import io.liveshop.livestream.LiveStreamService;
import io.liveshop.order.OrderStatusChanged;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.cluster.ClusterChanges;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The host's live panel: {@code /ws/studio/{streamId}?access_token=…} (the stream's host or a co-host)
 * receives {@code host.stats} frames: viewers live and peak, per sale units held and sold, remaining, revenue and
 * whether the invariant holds, and the latest orders. Pushed at most once per {@code host-feed-interval}, only when
 * something changed; sales are re-read only after a sale or order event of the stream. In a cluster the streams and
 * sales that had events here are announced to the other nodes, so a panel on any node hears them.
 */
@ApplicationScoped
public class HostFeed {

    private static final String STREAM_CHANGED = "studio.stream";
    private static final String SALE_CHANGED = "studio.sale";
    private final Map<Long, Studio> studios = new ConcurrentHashMap<>();
    /** Which stream a sale belongs to, learned from the reports, so an order event marks the right studio. */
    private final Map<Long, Long> saleStreams = new ConcurrentHashMap<>();
    private final ClusterChanges changes;
    private final StreamHub hub;
    private final StreamSalesReport reports;
    private final LiveStreamService streams;
    private final JWTParser tokens;
    private final RealtimeConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;

    HostFeed(StreamHub hub, StreamSalesReport reports, LiveStreamService streams, JWTParser tokens,
            RealtimeConfig config, ObjectMapper json, Vertx vertx, ClusterChanges changes) {
        this.changes = changes;
        changes.on(STREAM_CHANGED, id -> streamChanged(Long.parseLong(id)));
        changes.on(SALE_CHANGED, id -> saleChanged(Long.parseLong(id)));
        this.hub = hub;
        this.reports = reports;
        this.streams = streams;
        this.tokens = tokens;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
    }

    private static final class Studio {
        final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
        volatile boolean dirty = true;
        volatile boolean loading;
        volatile StreamSalesReport.Report report;
        volatile String lastSent;
    }

    void start(@Observes StartupEvent ignored) {
        vertx.setPeriodic(config.hostFeedInterval().toMillis(), id -> tick());
    }

    void init(@Observes Router router) {
        router.get("/ws/studio/:streamId").handler(this::upgrade);
    }

    @Incoming("sale-events")
    public void onSale(StreamEvent event) {
        streamChanged(event.streamId());
        changes.publish(STREAM_CHANGED, event.streamId());
    }

    @Incoming("order-events")
    public void onOrder(UserEvent event) {
        if (event instanceof OrderStatusChanged order && order.saleId() != null) {
            saleChanged(order.saleId());
            changes.publish(SALE_CHANGED, order.saleId());
        }
    }

    private void streamChanged(long streamId) {
        Studio studio = studios.get(streamId);
        if (studio != null) {
            studio.dirty = true;
        }
    }

    private void saleChanged(long saleId) {
        Long streamId = saleStreams.get(saleId);
        if (streamId != null) {
            streamChanged(streamId);
        }
    }

    private void upgrade(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String streamParam = rc.pathParam("streamId");
        String token = request.getParam("access_token");
        String header = request.getHeader("Authorization");
        if (token == null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        String bearer = token;
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                if (!rc.response().ended()) {
                    rc.response().setStatusCode(400).end("a WebSocket upgrade is required");
                }
                return;
            }
            open(upgraded.result(), streamParam, bearer);
        });
    }

    private void open(ServerWebSocket socket, String streamParam, String token) {
        long streamId;
        try {
            streamId = Long.parseLong(streamParam);
        } catch (NumberFormatException e) {
            streamId = 0;
        }
        if (streamId <= 0) {
            refuse(socket, ViewerRoute.CLOSE_BAD_REQUEST, "bad-request", "stream id must be a positive integer");
            return;
        }
        CurrentUser user;
        try {
            user = CurrentUser.of(tokens.parse(token == null ? "" : token));
        } catch (Exception e) {
            refuse(socket, ViewerRoute.CLOSE_UNAUTHORIZED, "unauthorized", "a valid access_token is required");
            return;
        }
        long id = streamId;
        socket.textMessageHandler(text -> {
            // nothing to command here: host commands are REST calls
        });
        OnVertxContext.call(vertx, () -> streams.requireController(id, user)).subscribe().with(stream -> {
            if (socket.isClosed()) {
                return;
            }
            Studio studio = studios.computeIfAbsent(id, k -> new Studio());
            studio.sockets.add(socket);
            studio.lastSent = null; // the newcomer gets the current panel on the next tick
            socket.closeHandler(v -> {
                studio.sockets.remove(socket);
                studios.computeIfPresent(id, (k, s) -> s.sockets.isEmpty() ? null : s);
            });
        }, e -> {
            if (e instanceof ProblemException p && p.status() == 404) {
                refuse(socket, ViewerRoute.CLOSE_NOT_FOUND, "not-found", "no such stream");
            } else if (e instanceof ProblemException p && p.status() == 403) {
                refuse(socket, 4403, "forbidden", "only the stream's host and its co-hosts see its panel");
            } else {
                refuse(socket, 1011, "internal", "the stream could not be loaded");
            }
        });
    }

    private void tick() {
        studios.forEach((streamId, studio) -> {
            if (studio.dirty && !studio.loading) {
                studio.dirty = false;
                studio.loading = true;
                OnVertxContext.call(vertx, () -> reports.report(streamId)).subscribe().with(report -> {
                    report.sales().forEach(s -> saleStreams.put(s.saleId(), streamId));
                    studio.report = report;
                    studio.loading = false;
                    push(streamId, studio);
                }, e -> {
                    studio.dirty = true;
                    studio.loading = false;
                });
            } else {
                push(streamId, studio);
            }
        });
    }

    private void push(long streamId, Studio studio) {
        StreamSalesReport.Report report = studio.report;
        if (report == null) {
            return;
        }
        int[] audience = hub.audience(streamId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("streamId", streamId);
        data.put("viewers", Map.of("live", audience[0], "peak", audience[1]));
        data.put("sales", report.sales());
        data.put("revenueMinor", report.revenueMinor());
        data.put("recentOrders", report.recentOrders());
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (Exception e) {
            return;
        }
        if (body.equals(studio.lastSent)) {
            return;
        }
        studio.lastSent = body;
        String frame = "{\"type\":\"host.stats\",\"at\":\"" + Instant.now() + "\",\"data\":" + body + "}";
        for (ServerWebSocket socket : studio.sockets) {
            if (!socket.isClosed() && !socket.writeQueueFull()) {
                socket.writeTextMessage(frame);
            }
        }
    }

    private void refuse(ServerWebSocket socket, int code, String errorCode, String detail) {
        String text = new String(hub.encoder().control("error", Map.of("code", errorCode, "detail", detail)),
                java.nio.charset.StandardCharsets.UTF_8);
        socket.writeTextMessage(text).onComplete(ignored -> socket.close((short) code, errorCode));
    }
}
