package io.liveshop.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two web clients' pages under their own paths ({@code /live/{streamId}}, {@code /studio}); their scripts and
 * styles are plain static files under {@code /app/} (META-INF/resources), and {@code /} is index.html. Each page is
 * sent with a strict Content-Security-Policy: no inline script or style, so styles live in style.css only; only the
 * page's own origin and {@code liveshop.web.embed-origins} may frame them.
 */
@ApplicationScoped
public class Pages {

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:([0-9]{1,5}|\\*))?");

    private final Buffer home = load("META-INF/resources/index.html");
    private final Buffer live;
    private final Buffer studio = load("META-INF/resources/app/studio.html");
    private final String policy;

    Pages(WebConfig config) {
        List<String> origins = config.embedOrigins().orElse(List.of());
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalStateException("liveshop.web.embed-origins: " + origin
                        + " is not an origin such as https://shop.example or http://127.0.0.1:*");
            }
        }
        String list = String.join(" ", origins);
        // the page reads the list from its meta tag: which parent it may take a token from
        live = Buffer.buffer(load("META-INF/resources/app/live.html").toString()
                .replace("<meta name=\"liveshop-embed-origins\" content=\"\">",
                        "<meta name=\"liveshop-embed-origins\" content=\"" + list + "\">"));
        policy = "default-src 'self'; img-src * data:; media-src *; connect-src 'self'; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'self'" + (list.isEmpty() ? "" : " " + list);
    }

    void init(@Observes Router router) {
        router.get("/").handler(rc -> send(rc, home));
        router.get("/live/:streamId").handler(rc -> send(rc, live));
        router.get("/studio").handler(rc -> send(rc, studio));
    }

    private void send(RoutingContext rc, Buffer page) {
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", policy)
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
