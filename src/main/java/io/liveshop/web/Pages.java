package io.liveshop.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two web clients' pages under their own paths ({@code /live/{streamId}}, {@code /studio}); their scripts and
 * styles are plain static files under {@code /app/} (META-INF/resources), and {@code /} is index.html. Each page is
 * sent with a strict Content-Security-Policy: no inline script or style, so styles live in style.css only.
 */
@ApplicationScoped
public class Pages {

    private final Buffer home = load("META-INF/resources/index.html");
    private final Buffer live = load("META-INF/resources/app/live.html");
    private final Buffer studio = load("META-INF/resources/app/studio.html");

    void init(@Observes Router router) {
        router.get("/").handler(rc -> send(rc, home));
        router.get("/live/:streamId").handler(rc -> send(rc, live));
        router.get("/studio").handler(rc -> send(rc, studio));
    }

    private static void send(RoutingContext rc, Buffer page) {
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src * data:; media-src *; "
                        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *")
                .end(page);
    }

    private static Buffer load(String resource) {
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
