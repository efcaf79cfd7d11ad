package io.liveshop.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure that reaches the REST layer into RFC 9457 problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String RETRY_AFTER_SECONDS = "5";

    static String typeFor(String code) {
        return code == null ? "about:blank" : "https://liveshop.dev/problems/" + code;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        if (e.status() == 503) { // every 503 tells the client when to retry
            return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .entity(e.toProblem(path(uri))).build();
        }
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem(typeFor("validation"), "Bad Request", 400, "Request validation failed",
                path(uri), "validation", errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = JsonFailures.field(e);
        String detail = JsonFailures.detail(e);
        List<Problem.FieldError> errors = field == null ? null : List.of(new Problem.FieldError(field, detail));
        return respond(new Problem(typeFor("malformed-request"), "Bad Request", 400, detail, path(uri),
                "malformed-request", errors));
    }

    /** Quarkus registers its own mapper for this subtype; ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        Problem problem = new Problem(typeFor("unauthorized"), "Unauthorized", 401,
                "A valid bearer token is required", path(uri), "unauthorized", null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(problem).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(typeFor("forbidden"), "Forbidden", 403,
                "Your role does not allow this action", path(uri), "forbidden", null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 415) {
            // a body-taking endpoint called without a body (and so without a content type)
            return respond(new Problem(typeFor("body-required"), "Bad Request", 400,
                    "A JSON body (application/json) is required", path(uri), "body-required", null));
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = status == 404 ? "No resource at this path" : e.getMessage();
        return respond(new Problem("about:blank", title, status, detail, path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        if (DatabaseFailures.unavailable(e)) {
            LOG.warnf("Database unavailable on %s: %s", path(uri), e);
            Problem problem = new Problem(typeFor("database-unavailable"), "Service Unavailable", 503,
                    "The database is unreachable; retry shortly (with the same Idempotency-Key where the request takes one)", path(uri),
                    "database-unavailable", null);
            return Response.status(503).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .entity(problem).build();
        }
        if (DatabaseFailures.badText(e)) {
            return respond(new Problem(typeFor("validation"), "Bad Request", 400,
                    "Text must be valid Unicode without NUL characters", path(uri), "validation", null));
        }
        LOG.error("Unexpected failure on " + path(uri), e);
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "An unexpected error occurred; nothing was changed", path(uri), "internal", null));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.request.title" -> "title": drop the method and parameter names REST validation prefixes.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
