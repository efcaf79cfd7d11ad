package io.liveshop.platform;

import io.liveshop.platform.json.StrictTextDeserializer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks the shape of every API request before it is routed: a body must be JSON (415 otherwise; a POST without a
 * body needs no content type), and a path must not carry matrix parameters ({@code /api/streams/1;x=1} is 400,
 * not stream 1).
 */
public class RequestShape {

    @ServerRequestFilter(preMatching = true)
    public Response check(HttpServerRequest request) {
        String path = request.path();
        if (path != null && path.indexOf(';') >= 0) {
            return ProblemMappers.respond(new Problem(ProblemMappers.typeFor("matrix-parameters"), "Bad Request", 400,
                    "Matrix parameters (';') are not allowed in a path", pathOnly(path), "matrix-parameters", null));
        }
        String badParameter = badQueryParameter(request);
        if (badParameter != null) {
            return ProblemMappers.respond(new Problem(ProblemMappers.typeFor("validation"), "Bad Request", 400,
                    "Request validation failed", path, "validation",
                    List.of(new Problem.FieldError(badParameter, StrictTextDeserializer.INVALID_TEXT))));
        }
        if (hasBody(request) && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return ProblemMappers.respond(new Problem(ProblemMappers.typeFor("unsupported-media-type"),
                    "Unsupported Media Type", 415, "A request body must be sent as application/json", path,
                    "unsupported-media-type", null));
        }
        return null;
    }

    /** The name of a query parameter whose value is not valid text (NUL, bad percent-encoding), or null. */
    private static String badQueryParameter(HttpServerRequest request) {
        String query = request.query();
        if (query == null || query.indexOf('%') < 0) {
            return null;
        }
        try {
            for (Map.Entry<String, String> parameter : request.params()) {
                if (!StrictTextDeserializer.isValidText(parameter.getValue())) {
                    return parameter.getKey();
                }
            }
            return null;
        } catch (IllegalArgumentException malformed) {
            return "query";
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.strip().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()
                    && !type.isWildcardSubtype();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static String pathOnly(String path) {
        return path.substring(0, path.indexOf(';'));
    }
}
