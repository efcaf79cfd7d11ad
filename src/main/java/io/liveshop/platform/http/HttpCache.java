package io.liveshop.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Conditional GETs the standard way (RFC 9110/9111): a strong ETag on every answer, {@code If-None-Match} answered
 * 304 without a body, {@code Cache-Control} saying who may store the answer, {@code Vary} naming the request
 * headers the answer depends on. Resources using it are {@code @Uncompressed}: a large body is gzipped once, when it is
 * cached, not on every request.
 */
@ApplicationScoped
public class HttpCache {

    public static final String PRIVATE = "private, no-store";

    private final ObjectMapper mapper;
    private final String publicControl;
    private final int compressAbove;

    HttpCache(ObjectMapper mapper, HttpCacheConfig config) {
        this.mapper = mapper;
        this.publicControl = "public, max-age=" + config.maxAge().toSeconds() + ", stale-while-revalidate="
                + config.staleWhileRevalidate().toSeconds();
        this.compressAbove = config.compressAbove();
    }

    /** Serializes once, with the application's JSON settings. */
    public CachedJson json(Object value) {
        try {
            return CachedJson.of(mapper.writeValueAsBytes(value), compressAbove);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same for every caller: any cache, a CDN included, may keep it for a short while. */
    public Response shared(CachedJson json, HttpServerRequest request) {
        return answer(json, request, publicControl, false);
    }

    /** Tied to the caller: never stored, and the URL's answer depends on who asks. */
    public Response personal(CachedJson json, HttpServerRequest request) {
        return answer(json, request, PRIVATE, true);
    }

    public String publicCacheControl() {
        return publicControl;
    }

    private static Response answer(CachedJson json, HttpServerRequest request, String cacheControl, boolean perCaller) {
        // Over HTTP/2 the Content-Encoding header tells Vert.x's frame encoder to compress, so a gzipped body would be
        // gzipped twice: there the body goes as it is.
        boolean gzip = json.gzip() != null && request.version() != HttpVersion.HTTP_2
                && acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        String etag = gzip ? json.gzipEtag() : json.etag();
        Response.ResponseBuilder answer = matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)
                ? Response.notModified()
                : Response.ok(gzip ? json.gzip() : json.body(), MediaType.APPLICATION_JSON_TYPE);
        answer.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (gzip) {
            // replaces the "identity" the HTTP layer puts on answers it must not compress (see @Uncompressed)
            request.response().headers().remove(HttpHeaders.CONTENT_ENCODING);
            answer.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (json.gzip() != null) {
            answer.header(HttpHeaders.VARY, perCaller ? "Accept-Encoding, Authorization" : "Accept-Encoding");
        } else if (perCaller) {
            answer.header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        }
        return answer.build();
    }

    /** Weak comparison, as RFC 9110 §13.1.2 asks for If-None-Match. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** gzip is acceptable unless the client gave it (or {@code *} without naming it) a q of 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean star = false;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.strip().split(";");
            String name = parts[0].strip();
            boolean refused = parts.length > 1 && parts[1].strip().replace(" ", "").matches("q=0(\\.0*)?");
            if (name.equalsIgnoreCase("gzip") || name.equalsIgnoreCase("x-gzip")) {
                return !refused;
            }
            if (name.equals("*")) {
                star = !refused;
            }
        }
        return star;
    }
}
