package io.liveshop.platform.http;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-address limits for guests: HTTP requests without a valid bearer token (in {@code Authorization} or
 * {@code access_token}) pass a token bucket per client address, else 429 problem+json with {@code Retry-After};
 * guest WebSocket connections are counted per address. Health and metrics ({@code /q/}) are not limited. The
 * limits are per node: each node of a cluster counts on its own.
 */
@ApplicationScoped
public class GuestLimits {

    private static final long IDLE_NANOS = 60_000_000_000L;

    private final GuestLimitsConfig config;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> sockets = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final JWTParser tokens;

    GuestLimits(GuestLimitsConfig config, Vertx vertx, JWTParser tokens) {
        this.config = config;
        this.vertx = vertx;
        this.tokens = tokens;
    }

    void start(@Observes StartupEvent ignored) {
        vertx.setPeriodic(30_000, id -> {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
        });
    }

    void init(@Observes Router router) {
        router.route().order(-1000).handler(this::filter);
    }

    private void filter(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.path().startsWith("/q/") || signedIn(request) || tryRequest(address(request))) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(429).putHeader("Content-Type", "application/problem+json")
                .putHeader("Retry-After", "1")
                .end("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"code\":\"rate-limited\","
                        + "\"detail\":\"too many requests without credentials from this address; sign in or retry"
                        + " later\"}");
    }

    /**
     * Whether the request carries a bearer token that verifies. Authentication is not proactive, so a public read
     * never checks its token: a merely present header must not exempt it. Verified tokens are remembered
     * (identity.VerifiedTokens), so a signed-in caller pays for the signature check once per token.
     */
    private boolean signedIn(HttpServerRequest request) {
        String token = request.getParam("access_token");
        String header = request.getHeader("Authorization");
        if (token == null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        if (token == null || token.isEmpty()) {
            return false;
        }
        try {
            tokens.parse(token);
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** The client address (the forwarded one when proxy address forwarding is configured). */
    public static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    }

    boolean tryRequest(String address) {
        return buckets.computeIfAbsent(address, a -> new Bucket(config.requestsPerSecond(), config.requestBurst()))
                .tryAcquire(System.nanoTime());
    }

    /** Counts a guest connection from the address, or refuses it (false) past the limit. */
    public boolean tryOpenSocket(String address) {
        boolean[] ok = { false };
        sockets.compute(address, (a, open) -> {
            AtomicInteger count = open == null ? new AtomicInteger() : open;
            if (count.get() < config.maxConnectionsPerAddress()) {
                count.incrementAndGet();
                ok[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return ok[0];
    }

    /** Guest connections open now, from every address. */
    public int openGuestSockets() {
        return sockets.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** A guest connection from the address closed or signed in. */
    public void closeSocket(String address) {
        sockets.computeIfPresent(address, (a, open) -> open.decrementAndGet() <= 0 ? null : open);
    }

    /** A token bucket; requests from one address may arrive on several event loops, hence the lock. */
    private static final class Bucket {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(int perSecond, int burst) {
            this.perNano = perSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean tryAcquire(long now) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }

        synchronized long idleSince(long now) {
            return tokens + (now - last) * perNano >= burst ? now - last : 0;
        }
    }
}
