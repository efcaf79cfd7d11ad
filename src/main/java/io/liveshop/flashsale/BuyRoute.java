package io.liveshop.flashsale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Problem;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.ProblemMappers;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code POST /api/sales/{id}/buy} in its plain shape (a bearer token, a valid id and {@code Idempotency-Key}, no
 * body, no query) served straight from the router: a rush of new buyers paid Quarkus REST's dispatch and the HTTP
 * security layer's identity building on every attempt. The token is verified by the same SmallRye parser (its
 * signature, issuer and expiry), the answer is the one {@link FlashSaleResource#buy} gives, and failures are the
 * same problems. Any other shape ({@code next()}) goes to {@link FlashSaleResource#buy}, which stays the documented
 * endpoint and answers every refusal (401, 400, 415) as before.
 */
@ApplicationScoped
public class BuyRoute {

    private static final String JSON = "application/json";

    private final FlashSaleService sales;
    private final JWTParser tokens;
    private final ObjectMapper json;

    BuyRoute(FlashSaleService sales, JWTParser tokens, ObjectMapper json) {
        this.sales = sales;
        this.tokens = tokens;
        this.json = json;
    }

    void init(@Observes Router router) {
        router.post("/api/sales/:id/buy").handler(this::buy);
    }

    private void buy(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = request.getHeader(IdempotencyKey.HEADER);
        long saleId = saleId(ctx.pathParam("id"));
        CurrentUser buyer = saleId > 0 && plain(request) && validKey(requestId) ? buyer(request) : null;
        if (buyer == null) {
            ctx.next();
            return;
        }
        // the request's own duplicated context, as Quarkus REST runs it: reactive database sessions may use it
        VertxContextSafetyToggle.setCurrentContextSafe(true);
        String path = request.path();
        try {
            sales.buy(buyer, saleId, requestId).subscribe().with(
                    answer -> answer(ctx.response(), answer),
                    failure -> fail(ctx.response(), path, failure));
        } catch (RuntimeException e) {
            fail(ctx.response(), path, e);
        }
    }

    /** As {@link FlashSaleResource#buy}: 201 for a new WON, 429 when rate limited, 200 otherwise. */
    private void answer(HttpServerResponse response, BuyAnswer answer) {
        int status = switch (answer.outcome()) {
            case WON -> answer.replayed() ? 200 : 201;
            case RATE_LIMITED -> 429;
            default -> 200;
        };
        response.setStatusCode(status);
        if (answer.outcome() == BuyOutcome.RATE_LIMITED) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        if (answer.replayed()) {
            response.putHeader("Idempotent-Replayed", "true");
        }
        write(response, JSON, answer);
    }

    private void fail(HttpServerResponse response, String path, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            response.setStatusCode(problem.status());
            if (problem.status() == 503) { // as every 503 of the REST layer: tell the client when to retry
                response.putHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
            }
            write(response, Problem.MEDIA_TYPE, problem.toProblem(path));
            return;
        }
        Response mapped = new ProblemMappers().unexpected(failure, null);
        response.setStatusCode(mapped.getStatus());
        mapped.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE.toString())) {
                response.putHeader(name, values);
            }
        });
        Problem problem = (Problem) mapped.getEntity();
        write(response, Problem.MEDIA_TYPE, new Problem(problem.type(), problem.title(), problem.status(),
                problem.detail(), path, problem.code(), problem.errors()));
    }

    private void write(HttpServerResponse response, String type, Object body) {
        if (response.ended() || response.closed()) {
            return;
        }
        try {
            response.putHeader(HttpHeaders.CONTENT_TYPE, type).end(Buffer.buffer(json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }

    /** The caller of a verified bearer token, or null (REST then refuses it). */
    private CurrentUser buyer(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            JsonWebToken jwt = tokens.parse(header.substring(7).strip());
            return jwt.getSubject() == null ? null : CurrentUser.of(jwt);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** No query, no body: anything else gets REST's request checks. */
    private static boolean plain(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.query() == null && request.path().indexOf(';') < 0
                && (length == null || length.strip().equals("0"))
                && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
    }

    private static boolean validKey(String key) {
        try {
            return key != null && IdempotencyKey.validate(key) != null;
        } catch (ProblemException e) {
            return false;
        }
    }

    private static long saleId(String raw) {
        try {
            return raw == null ? 0 : Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
