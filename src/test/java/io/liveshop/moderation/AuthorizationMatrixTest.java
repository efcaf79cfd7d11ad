package io.liveshop.moderation;

import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.ADMIN;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.ANONYMOUS;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.BUYER;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.CO_HOST;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.HOST;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.OTHER_HOST;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.OTHER_SELLER;
import static io.liveshop.moderation.AuthorizationMatrixTest.Actor.SELLER;
import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every actor against every command, each cell on fresh state made through the API: the allowed actors get the
 * command's success status and the state changes; everyone else gets 401 (anonymous) or 403 problem+json and the
 * state stays as it was. An admin moderates (ends streams and sales, archives products, refunds orders, each act
 * in the audit trail with its reason) and reads, but never acts for a buyer, a seller or a host (nor decides a
 * seller's return). Per-user data (cart, addresses) has no way to name another user's: those cells check that
 * the buyer's own items are shown to the buyer and to no one else.
 *
 * <p>The seller owns the products that orders are placed on; the host owns a shop of its own whose products its
 * stream shows, and the co-host helps on that stream. So "another seller" and "another host" own shops too.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    enum Actor { ANONYMOUS, VIEWER, BUYER, OTHER_BUYER, SELLER, OTHER_SELLER, HOST, CO_HOST, OTHER_HOST, ADMIN }

    private static final Set<Actor> AUTHENTICATED = EnumSet.complementOf(EnumSet.of(ANONYMOUS));
    private static final Set<Actor> NOBODY = EnumSet.noneOf(Actor.class);
    private static final String REASON = "matrix: policy violation";

    /** Subjects and tokens, made once per command: every cell's state is fresh, the people are the same. */
    private final Map<Actor, String> ids = new EnumMap<>(Actor.class);
    private final Map<Actor, String> tokens = new EnumMap<>(Actor.class);

    @Inject
    Pool pool;

    /**
     * One cell's fresh state: how to act on it, what changes if the act is allowed, the audited resource id, and
     * optionally what the answer must (not) show the actor (null when it is a problem, else the failure).
     */
    record Cell(Function<RequestSpecification, Response> act, BooleanSupplier changed, long resourceId,
            BiFunction<Actor, Response, String> shows) {

        Cell(Function<RequestSpecification, Response> act, BooleanSupplier changed, long resourceId) {
            this(act, changed, resourceId, null);
        }
    }

    /**
     * A command: who may run it, the status they get, its fresh state per cell; {@code audited} names the moderation
     * action an admin's act records (null if none); {@code read} commands change nothing.
     */
    record Command(String name, Set<Actor> allowed, int status, String audited, boolean read,
            Function<AuthorizationMatrixTest, Cell> fresh, int refused, boolean upfront) {

        Command(String name, Set<Actor> allowed, int status, String audited, boolean read,
                Function<AuthorizationMatrixTest, Cell> fresh) {
            this(name, allowed, status, audited, read, fresh, 0, false);
        }

        /** Signed-in actors who are not allowed get this status instead of 403 (their own, empty, state). */
        Command refusedWith(int status) {
            return new Command(name, allowed, this.status, audited, read, fresh, status, upfront);
        }

        /**
         * Every actor's cell is made before anyone acts, for state that takes the clock to reach (a closed
         * auction): only for commands whose change check reads the cell's own resource.
         */
        Command madeUpfront() {
            return new Command(name, allowed, status, audited, read, fresh, refused, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Command> commands() {
        return Stream.of(
                write("create product", EnumSet.of(SELLER, OTHER_SELLER, HOST, OTHER_HOST), 201, null, t -> {
                    long before = t.count("select count(*) from product");
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("title", "New", "priceMinor", 100,
                            "currency", "EUR", "initialStock", 1, "status", "ACTIVE")).post("/api/products"),
                            () -> t.count("select count(*) from product") > before, 0);
                }),
                write("update product", EnumSet.of(SELLER), 200, null, t -> {
                    long product = t.sellerProduct();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("title", "Edited", "priceMinor", 1,
                            "currency", "EUR", "status", "ACTIVE")).put("/api/products/" + product),
                            () -> t.text("select title from product where id = $1", product).equals("Edited"), product);
                }),
                write("archive product", EnumSet.of(SELLER, ADMIN), 200, "product.archive", t -> {
                    long product = t.sellerProduct();
                    return new Cell(r -> withReason(r).post("/api/products/" + product + "/archive"),
                            () -> t.text("select status from product where id = $1", product).equals("ARCHIVED"),
                            product);
                }),
                write("create stream", EnumSet.of(HOST), 201, null, t -> {
                    long product = t.hostProduct();
                    long before = t.count("select count(*) from live_stream");
                    return new Cell(r -> r.contentType(ContentType.JSON)
                            .body(Map.of("title", "Show", "showcase", List.of(product))).post("/api/streams"),
                            () -> t.count("select count(*) from live_stream") > before, 0);
                }),
                write("showcase add", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long stream = t.stream(false);
                    long product = t.hostProduct();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", product))
                            .post("/api/streams/" + stream + "/showcase"), () -> t.inShowcase(stream, product), stream);
                }),
                write("showcase add of another shop's product", NOBODY, 0, null, t -> {
                    long stream = t.stream(false);
                    long foreign = t.sellerProduct();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", foreign))
                            .post("/api/streams/" + stream + "/showcase"), () -> t.inShowcase(stream, foreign), stream);
                }),
                write("showcase remove", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long stream = t.stream(false);
                    long second = t.showcaseProduct(stream, 1);
                    return new Cell(r -> r.delete("/api/streams/" + stream + "/showcase/" + second),
                            () -> !t.inShowcase(stream, second), stream);
                }),
                write("co-host add", EnumSet.of(HOST), 200, null, t -> {
                    long stream = t.stream(false);
                    String newcomer = unique("helper");
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("userId", newcomer))
                            .post("/api/streams/" + stream + "/cohosts"), () -> t.isCoHost(stream, newcomer), stream);
                }),
                write("co-host remove", EnumSet.of(HOST), 200, null, t -> {
                    long stream = t.stream(false);
                    return new Cell(r -> r.delete("/api/streams/" + stream + "/cohosts/" + t.ids.get(CO_HOST)),
                            () -> !t.isCoHost(stream, t.ids.get(CO_HOST)), stream);
                }),
                write("go live", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long stream = t.stream(false);
                    return new Cell(r -> r.post("/api/streams/" + stream + "/live"),
                            () -> t.streamStatus(stream).equals("LIVE"), stream);
                }),
                write("pin", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long stream = t.stream(true);
                    long product = t.showcaseProduct(stream, 0);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", product))
                            .post("/api/streams/" + stream + "/pin"), () -> t.pinned(stream) != null, stream);
                }),
                write("pin another shop's product", NOBODY, 0, null, t -> {
                    long stream = t.stream(true);
                    long foreign = t.smuggleIntoShowcase(stream);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", foreign))
                            .post("/api/streams/" + stream + "/pin"), () -> t.pinned(stream) != null, stream);
                }),
                write("unpin", EnumSet.of(HOST, CO_HOST), 204, null, t -> {
                    long stream = t.stream(true);
                    long product = t.showcaseProduct(stream, 0);
                    as(t.tokens.get(HOST)).body(Map.of("productId", product)).post("/api/streams/" + stream + "/pin")
                            .then().statusCode(200);
                    return new Cell(r -> r.post("/api/streams/" + stream + "/unpin"), () -> t.pinned(stream) == null,
                            stream);
                }),
                write("end stream", EnumSet.of(HOST, CO_HOST, ADMIN), 200, "stream.end", t -> {
                    long stream = t.stream(true);
                    return new Cell(r -> withReason(r).post("/api/streams/" + stream + "/end"),
                            () -> t.streamStatus(stream).equals("ENDED"), stream);
                }),
                write("create sale", EnumSet.of(HOST, CO_HOST), 201, null, t -> {
                    long stream = t.stream(true);
                    long product = t.showcaseProduct(stream, 0);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(sale(stream, product)).post("/api/sales"),
                            () -> t.count("select count(*) from flash_sale where stream_id = $1", stream) > 0, stream);
                }),
                write("create sale of another shop's product", NOBODY, 0, null, t -> {
                    long stream = t.stream(true);
                    long foreign = t.smuggleIntoShowcase(stream);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(sale(stream, foreign)).post("/api/sales"),
                            () -> t.count("select count(*) from flash_sale where stream_id = $1", stream) > 0, stream);
                }),
                write("end sale", EnumSet.of(HOST, CO_HOST, ADMIN), 200, "sale.end", t -> {
                    long sale = t.sale();
                    return new Cell(r -> withReason(r).post("/api/sales/" + sale + "/end"),
                            () -> t.text("select status from flash_sale where id = $1", sale).equals("ENDED"), sale);
                }),
                write("buy in a sale", AUTHENTICATED, 201, null, t -> {
                    long sale = t.sale();
                    return new Cell(r -> r.header("Idempotency-Key", unique("k")).post("/api/sales/" + sale + "/buy"),
                            () -> t.count("select count(*) from orders where sale_id = $1", sale) > 0, sale);
                }),
                write("buy now", AUTHENTICATED, 201, null, t -> {
                    long product = t.sellerProduct();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", product, "quantity", 1))
                            .post("/api/orders"), () -> t.count("select count(*) from order_line where product_id = $1",
                                    product) > 0, product);
                }),
                write("pay", EnumSet.of(BUYER), 200, null, t -> {
                    long order = t.order("PENDING_PAYMENT");
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("cardToken", "tok_visa"))
                            .post("/api/orders/" + order + "/payment"), () -> t.orderStatus(order).equals("PAID"), order);
                }),
                write("cancel", EnumSet.of(BUYER), 200, null, t -> {
                    long order = t.order("PENDING_PAYMENT");
                    return new Cell(r -> r.post("/api/orders/" + order + "/cancel"),
                            () -> t.orderStatus(order).equals("CANCELLED"), order);
                }),
                write("ship", EnumSet.of(SELLER), 200, null, t -> {
                    long order = t.order("PAID");
                    return new Cell(r -> r.post("/api/orders/" + order + "/ship"),
                            () -> t.orderStatus(order).equals("SHIPPED"), order);
                }),
                write("deliver", EnumSet.of(SELLER), 200, null, t -> {
                    long order = t.order("SHIPPED");
                    return new Cell(r -> r.post("/api/orders/" + order + "/deliver"),
                            () -> t.orderStatus(order).equals("DELIVERED"), order);
                }),
                write("refund", EnumSet.of(SELLER, ADMIN), 200, "order.refund", t -> {
                    long order = t.order("PAID");
                    return new Cell(r -> withReason(r).post("/api/orders/" + order + "/refund"),
                            () -> t.orderStatus(order).equals("REFUNDED"), order);
                }),
                write("start auction", EnumSet.of(HOST, CO_HOST), 201, null, t -> {
                    long stream = t.stream(true);
                    long product = t.showcaseProduct(stream, 0);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(auction(stream, product, 600, "STANDARD"))
                            .post("/api/auctions"), () -> t.count("select count(*) from auction where stream_id = $1",
                                    stream) > 0, stream);
                }),
                write("start auction of another shop's product", NOBODY, 0, null, t -> {
                    long stream = t.stream(true);
                    long foreign = t.smuggleIntoShowcase(stream);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(auction(stream, foreign, 600, "STANDARD"))
                            .post("/api/auctions"), () -> t.count("select count(*) from auction where stream_id = $1",
                                    stream) > 0, stream);
                }),
                write("cancel auction", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long auction = t.auction(600, "STANDARD");
                    return new Cell(r -> r.post("/api/auctions/" + auction + "/cancel"),
                            () -> t.auctionStatus(auction).equals("CANCELLED"), auction);
                }),
                write("offer an auction to the runner-up", EnumSet.of(HOST, CO_HOST), 201, null, t -> {
                    long auction = t.auctionWonAndExpired();
                    return new Cell(r -> {
                        t.expireWinnersOrder(auction);
                        return r.post("/api/auctions/" + auction + "/offer-runner-up");
                    },
                            () -> t.count("select count(*) from auction where id = $1 and runner_up_order_id is not null",
                                    auction) > 0, auction);
                }).madeUpfront(),
                write("bid", EnumSet.complementOf(EnumSet.of(ANONYMOUS, HOST, CO_HOST)), 201, null, t -> {
                    long auction = t.auction(600, "STANDARD");
                    return new Cell(r -> r.contentType(ContentType.JSON).header("Idempotency-Key", unique("bid"))
                            .body(Map.of("amountMinor", 500)).post("/api/auctions/" + auction + "/bids"),
                            () -> t.count("select count(*) from auction_bid where auction_id = $1", auction) > 0, auction);
                }),
                write("create voucher", EnumSet.of(SELLER, OTHER_SELLER, HOST, OTHER_HOST), 201, null, t -> {
                    String code = voucherCode();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(voucher(code, null)).post("/api/vouchers"),
                            () -> t.count("select count(*) from voucher where code = $1", code) > 0, 0);
                }),
                write("create a live-only voucher for a stream", EnumSet.of(HOST), 201, null, t -> {
                    long stream = t.stream(false);
                    String code = voucherCode();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(voucher(code, stream)).post("/api/vouchers"),
                            () -> t.count("select count(*) from voucher where code = $1", code) > 0, stream);
                }),
                write("create a live-only voucher, another shop co-hosting", EnumSet.of(HOST), 201, null, t -> {
                    long stream = t.stream(false);
                    as(t.tokens.get(HOST)).body(Map.of("userId", t.ids.get(OTHER_HOST)))
                            .post("/api/streams/" + stream + "/cohosts").then().statusCode(200);
                    String code = voucherCode();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(voucher(code, stream)).post("/api/vouchers"),
                            () -> t.count("select count(*) from voucher where code = $1", code) > 0, stream);
                }),
                write("drop voucher", EnumSet.of(HOST, CO_HOST), 200, null, t -> {
                    long stream = t.stream(true);
                    long voucher = t.voucherOf(HOST, stream);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("voucherId", voucher))
                            .post("/api/streams/" + stream + "/vouchers"),
                            () -> t.count("select count(*) from voucher where id = $1 and dropped_at is not null",
                                    voucher) > 0, voucher);
                }),
                write("claim voucher", AUTHENTICATED, 201, null, t -> {
                    long voucher = t.voucherOf(SELLER, null);
                    return new Cell(r -> r.header("Idempotency-Key", unique("claim")).post("/api/vouchers/" + voucher
                            + "/claim"), () -> t.count("select count(*) from voucher_claim where voucher_id = $1",
                                    voucher) > 0, voucher);
                }),
                write("request a return", EnumSet.of(BUYER), 201, null, t -> {
                    long order = t.order("DELIVERED");
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("reason", "too small"))
                            .post("/api/orders/" + order + "/returns"),
                            () -> t.count("select count(*) from return_request where order_id = $1", order) > 0, order);
                }),
                write("accept a return", EnumSet.of(SELLER), 200, "order.refund", t -> {
                    long order = t.order("DELIVERED");
                    long ret = t.returnOf(order);
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("restock", true))
                            .post("/api/returns/" + ret + "/accept"),
                            () -> t.returnStatus(ret).equals("ACCEPTED") && t.orderStatus(order).equals("REFUNDED"), order);
                }),
                write("reject a return", EnumSet.of(SELLER), 200, null, t -> {
                    long ret = t.returnOf(t.order("DELIVERED"));
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("reason", "worn"))
                            .post("/api/returns/" + ret + "/reject"), () -> t.returnStatus(ret).equals("REJECTED"), ret);
                }),
                write("save an address", AUTHENTICATED, 201, null, t -> {
                    String city = unique("city");
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("name", "Ada", "line1", "1 Main St",
                            "city", city, "postalCode", "75002", "country", "FR")).post("/api/addresses"),
                            () -> t.count("select count(*) from address where city = $1", city) > 0, 0);
                }),
                write("add a cart line", AUTHENTICATED, 200, null, t -> {
                    long product = t.sellerProduct();
                    return new Cell(r -> r.contentType(ContentType.JSON).body(Map.of("productId", product, "quantity", 1))
                            .post("/api/cart/lines"),
                            () -> t.count("select count(*) from cart_line where product_id = $1", product) > 0, product);
                }),
                write("check out the buyer's cart", EnumSet.of(BUYER), 201, null, t -> {
                    long product = t.sellerProduct();
                    io.liveshop.testing.Shop.address(t.tokens.get(BUYER));
                    io.liveshop.testing.Shop.addToCart(t.tokens.get(BUYER), product, 1);
                    return new Cell(r -> r.contentType(ContentType.JSON).header("Idempotency-Key", unique("checkout"))
                            .body(Map.of("cardToken", "tok_visa")).post("/api/checkout"),
                            () -> t.count("select count(*) from order_line where product_id = $1", product) > 0, product);
                }).refusedWith(409), // anyone else checks out its own cart, which is empty
                read("read a return", EnumSet.of(BUYER, SELLER, ADMIN), t -> {
                    long ret = t.returnOf(t.order("DELIVERED"));
                    return r -> r.get("/api/returns/" + ret);
                }),
                new Command("read the cart", AUTHENTICATED, 200, null, true, t -> {
                    long product = t.sellerProduct();
                    io.liveshop.testing.Shop.addToCart(t.tokens.get(BUYER), product, 1);
                    return new Cell(r -> r.get("/api/cart"), () -> false, 0, (actor, answer) ->
                            ownOnly(actor, answer.jsonPath().getList("lines.productId", Long.class).contains(product)));
                }),
                new Command("list addresses", AUTHENTICATED, 200, null, true, t -> {
                    long address = io.liveshop.testing.Shop.address(t.tokens.get(BUYER));
                    return new Cell(r -> r.get("/api/addresses"), () -> false, 0, (actor, answer) ->
                            ownOnly(actor, answer.jsonPath().getList("id", Long.class).contains(address)));
                }),
                read("read an order", EnumSet.of(BUYER, SELLER, ADMIN), t -> {
                    long order = t.order("PENDING_PAYMENT");
                    return r -> r.get("/api/orders/" + order);
                }),
                read("read a draft product", EnumSet.of(SELLER, ADMIN), t -> {
                    long draft = t.sellerDraft();
                    return r -> r.get("/api/products/" + draft);
                }),
                read("read a stream's exact audience", EnumSet.of(HOST, CO_HOST), t -> {
                    long stream = t.stream(true);
                    return r -> r.get("/api/streams/" + stream + "/audience");
                }),
                read("read the audit trail", EnumSet.of(ADMIN), t -> r -> r.get("/api/admin/audit")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyActorGetsExactlyWhatTheRulesSay(Command command) {
        actors();
        List<String> failures = new ArrayList<>();
        Map<Actor, Cell> upfront = new EnumMap<>(Actor.class);
        if (command.upfront()) {
            for (Actor actor : Actor.values()) {
                upfront.put(actor, command.fresh().apply(this));
            }
        }
        for (Actor actor : Actor.values()) {
            String where = actor + " × " + command.name() + ": ";
            boolean allowed = command.allowed().contains(actor);
            Cell cell = command.upfront() ? upfront.get(actor) : command.fresh().apply(this);
            Response response = cell.act().apply(request(actor));
            int expected = allowed ? command.status() : deniedStatus(command, actor);
            if (response.statusCode() != expected) {
                failures.add(where + "expected " + expected + ", got " + response.statusCode() + " " + response.asString());
                continue;
            }
            String shown = cell.shows() == null ? null : cell.shows().apply(actor, response);
            if (shown != null) {
                failures.add(where + shown);
            }
            if (!allowed && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                failures.add(where + "refusal is not problem+json: " + response.contentType());
            }
            if (!command.read() && cell.changed().getAsBoolean() != allowed) {
                failures.add(where + (allowed ? "answered " + expected + " but nothing changed" : "refused but the state changed"));
            }
            if (command.audited() != null) {
                long rows = count("select count(*) from moderation_audit where action = $1 and resource_id = $2",
                        command.audited(), cell.resourceId());
                boolean moderated = allowed && actor == ADMIN;
                if (rows != (moderated ? 1 : 0)) {
                    failures.add(where + "audit rows " + rows + ", expected " + (moderated ? 1 : 0));
                } else if (moderated) {
                    Row row = first("select actor_id, reason from moderation_audit where action = $1 and resource_id = $2",
                            command.audited(), cell.resourceId());
                    if (!row.getString(0).equals(ids.get(ADMIN)) || !REASON.equals(row.getString(1))) {
                        failures.add(where + "audit row names " + row.getString(0) + " / " + row.getString(1));
                    }
                }
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    /** 401 for anonymous callers, 403 for others; a draft product is hidden, not forbidden (404 for everyone). */
    private static int deniedStatus(Command command, Actor actor) {
        if (command.name().equals("read a draft product")) {
            return 404;
        }
        if (actor == ANONYMOUS) {
            return 401;
        }
        return command.refused() != 0 ? command.refused() : 403;
    }

    private static Command write(String name, Set<Actor> allowed, int status, String audited,
            Function<AuthorizationMatrixTest, Cell> fresh) {
        return new Command(name, allowed, status, audited, false, fresh);
    }

    private static Command read(String name, Set<Actor> allowed,
            Function<AuthorizationMatrixTest, Function<RequestSpecification, Response>> fresh) {
        return new Command(name, allowed, 200, null, true, t -> new Cell(fresh.apply(t), () -> false, 0));
    }

    private static RequestSpecification withReason(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(Map.of("reason", REASON));
    }

    private static Map<String, Object> sale(long stream, long product) {
        return Map.of("streamId", stream, "productId", product, "priceMinor", 1, "quantity", 3, "perBuyerLimit", 1,
                "durationSeconds", 600);
    }

    private static Map<String, Object> auction(long stream, long product, int seconds, String mode) {
        return Map.of("streamId", stream, "productId", product, "startingPriceMinor", 100, "durationSeconds", seconds,
                "mode", mode);
    }

    private static final java.util.concurrent.atomic.AtomicLong CODES = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() % 1_000_000_000L);

    private static String voucherCode() {
        return "MATRIX" + CODES.incrementAndGet();
    }

    private static Map<String, Object> voucher(String code, Long stream) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("code", code, "kind", "FIXED", "amountMinor", 100,
                "quantity", 50, "perBuyerLimit", 1, "startsAt", java.time.Instant.now().minusSeconds(60).toString(),
                "endsAt", java.time.Instant.now().plusSeconds(3600).toString()));
        if (stream != null) {
            body.put("streamId", stream);
        }
        return body;
    }

    /** A read of per-user data: the buyer's own item is shown to the buyer and to no one else. */
    private static String ownOnly(Actor actor, boolean showsBuyersItem) {
        if (showsBuyersItem == (actor == BUYER)) {
            return null;
        }
        return showsBuyersItem ? "was shown the buyer's own data" : "the buyer does not see its own data";
    }

    private RequestSpecification request(Actor actor) {
        RequestSpecification request = given();
        return actor == ANONYMOUS ? request : request.header("Authorization", "Bearer " + tokens.get(actor));
    }

    // ---------- the people, once per command ----------

    private void actors() {
        person(Actor.VIEWER, "viewer");
        person(BUYER, "viewer");
        person(Actor.OTHER_BUYER, "viewer");
        shopOwner(SELLER, "seller");
        shopOwner(OTHER_SELLER, "seller");
        shopOwner(HOST, "host", "seller");
        person(CO_HOST, "host");
        shopOwner(OTHER_HOST, "host", "seller");
        person(ADMIN, "admin");
    }

    private void person(Actor actor, String... roles) {
        String id = unique(actor.name().toLowerCase().replace('_', '-'));
        ids.put(actor, id);
        tokens.put(actor, token(id, roles));
    }

    private void shopOwner(Actor actor, String... roles) {
        person(actor, roles);
        as(tokens.get(actor)).body(Map.of("name", "Shop of " + ids.get(actor))).post("/api/sellers").then().statusCode(201);
    }

    // ---------- fresh state, through the API ----------

    long sellerProduct() {
        return activeProduct(tokens.get(SELLER), "Seller's watch", 5000, 20);
    }

    long sellerDraft() {
        Number id = as(tokens.get(SELLER)).body(Map.of("title", "Draft", "priceMinor", 100, "currency", "EUR",
                "initialStock", 1, "status", "DRAFT")).post("/api/products").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    long hostProduct() {
        return activeProduct(tokens.get(HOST), "Host's scarf", 2000, 20);
    }

    /** The host's stream showing two of its products, with the co-host; scheduled, or live. */
    long stream(boolean live) {
        List<Long> showcase = List.of(hostProduct(), hostProduct());
        Number id = as(tokens.get(HOST)).body(Map.of("title", "Matrix show", "showcase", showcase)).post("/api/streams")
                .then().statusCode(201).extract().path("id");
        as(tokens.get(HOST)).body(Map.of("userId", ids.get(CO_HOST))).post("/api/streams/" + id + "/cohosts")
                .then().statusCode(200);
        if (live) {
            as(tokens.get(HOST)).post("/api/streams/" + id + "/live").then().statusCode(200);
        }
        return id.longValue();
    }

    long sale() {
        long stream = stream(true);
        Number id = as(tokens.get(HOST)).body(sale(stream, showcaseProduct(stream, 0))).post("/api/sales")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    /** An order of the buyer for the seller's product, brought to the given status by its buyer and seller. */
    long order(String status) {
        Number id = as(tokens.get(BUYER)).body(Map.of("productId", sellerProduct(), "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        if (!status.equals("PENDING_PAYMENT")) {
            io.liveshop.testing.Shop.address(tokens.get(BUYER)); // taken by the order when it is paid, so it can ship
            as(tokens.get(BUYER)).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + id + "/payment")
                    .then().statusCode(200);
        }
        if (status.equals("SHIPPED") || status.equals("DELIVERED")) {
            as(tokens.get(SELLER)).post("/api/orders/" + id + "/ship").then().statusCode(200);
        }
        if (status.equals("DELIVERED")) {
            as(tokens.get(SELLER)).post("/api/orders/" + id + "/deliver").then().statusCode(200);
        }
        return id.longValue();
    }

    /** A running auction of one of the host's showcase products on its live stream (with the co-host). */
    long auction(int seconds, String mode) {
        long stream = stream(true);
        Number id = as(tokens.get(HOST)).body(auction(stream, showcaseProduct(stream, 0), seconds, mode))
                .post("/api/auctions").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    /**
     * An auction closed by its clock with a winner and a runner-up, whose winner's order then expired unpaid. The
     * expiry is written in the database: the payment window is minutes long, and the sweep is not what is tested.
     */
    long auctionWonAndExpired() {
        long auction = auction(5, "SUDDEN_DEATH");
        for (String bidder : List.of("runner", "winner")) {
            as(token(unique(bidder), "viewer")).header("Idempotency-Key", unique("bid"))
                    .body(Map.of("amountMinor", bidder.equals("winner") ? 900 : 500))
                    .post("/api/auctions/" + auction + "/bids").then().statusCode(201);
        }
        return auction;
    }

    /** Waits until the clock closed it (the harness makes every cell first, so their clocks run together). */
    private void expireWinnersOrder(long auction) {
        while (count("select count(*) from auction where id = $1 and status = 'CLOSED' and order_id is not null",
                auction) == 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        pool.preparedQuery("update orders set status = 'EXPIRED' where id = (select order_id from auction where id = $1)")
                .execute(Tuple.of(auction)).await().indefinitely();
    }

    /** A voucher of this actor's shop: live-only on the stream when given (dropped by no one yet), else open now. */
    long voucherOf(Actor owner, Long stream) {
        Number id = as(tokens.get(owner)).body(voucher(voucherCode(), stream)).post("/api/vouchers")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    /** The buyer's return request on a delivered order. */
    long returnOf(long order) {
        Number id = as(tokens.get(BUYER)).body(Map.of("reason", "does not fit")).post("/api/orders/" + order + "/returns")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    /** Another shop's product in the showcase anyway (written before the ownership rule existed). */
    long smuggleIntoShowcase(long stream) {
        long foreign = sellerProduct();
        pool.preparedQuery("insert into stream_showcase (stream_id, product_id) values ($1, $2)")
                .execute(Tuple.of(stream, foreign)).await().indefinitely();
        return foreign;
    }

    // ---------- state, read from the database ----------

    long showcaseProduct(long stream, int index) {
        return first("select product_id from stream_showcase where stream_id = $1 order by id offset $2", stream, (long) index)
                .getLong(0);
    }

    boolean inShowcase(long stream, long product) {
        return count("select count(*) from stream_showcase where stream_id = $1 and product_id = $2", stream, product) > 0;
    }

    boolean isCoHost(long stream, String user) {
        return count("select count(*) from stream_cohost where stream_id = $1 and user_id = $2", stream, user) > 0;
    }

    String streamStatus(long stream) {
        return text("select status from live_stream where id = $1", stream);
    }

    Long pinned(long stream) {
        return first("select pinned_product_id from live_stream where id = $1", stream).getLong(0);
    }

    String auctionStatus(long auction) {
        return text("select status from auction where id = $1", auction);
    }

    String returnStatus(long ret) {
        return text("select status from return_request where id = $1", ret);
    }

    String orderStatus(long order) {
        return text("select status from orders where id = $1", order);
    }

    long count(String sql, Object... args) {
        return first(sql, args).getLong(0);
    }

    String text(String sql, Object... args) {
        return first(sql, args).getString(0);
    }

    private Row first(String sql, Object... args) {
        Supplier<RowSet<Row>> rows = () -> pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely();
        return rows.get().iterator().next();
    }
}
