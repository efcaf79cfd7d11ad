package io.liveshop.platform;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liveshop.payment.WebhookSignature;
import io.liveshop.testing.Streams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests generated from the OpenAPI document: for every write endpoint with a JSON body, duplicated
 * keys, wrong JSON types, fractions for integers, NUL and lone surrogates in text, {@code null} in lists, a
 * non-JSON content type; for every path id a bad id and matrix parameters. Each answer must be a 4xx
 * problem+json (400 naming the field, 415 for the content type) and the database must not change.
 */
@QuarkusTest
class MalformedInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK = "/api/payments/webhook";
    /** Tables a write endpoint can insert into, all compared row by row. */
    private static final List<String> TABLES = List.of("seller", "product", "live_stream", "stream_showcase",
            "stream_cohost", "pin_event", "orders", "order_line", "payment_webhook_event", "flash_sale",
            "moderation_audit", "address", "cart_line", "checkout", "voucher", "voucher_claim",
            "return_request", "payment_refund", "auction", "auction_bid");
    /**
     * Columns the clocks write while this test runs, for rows earlier tests left behind (an order expiring gives
     * its stock back, a sale or an auction ends): left out of the comparison, every other column is compared.
     */
    private static final Map<String, String> CLOCK_COLUMNS = Map.of("product", "{stock,updated_at}",
            "orders", "{status,updated_at}", "flash_sale", "{status,allocated,returned,ended_at}",
            "auction", "{status,closed_at,winner_id,order_id}");

    @Inject
    Pool pool;

    @Inject
    WebhookSignature signature;

    private String everyone;
    private Map<String, String> ids;
    /** The {id} of paths under these prefixes (else the stream's). */
    private Map<String, String> idsByPath;
    private final List<String> failures = new ArrayList<>();
    private int sent;
    private int requiredBodies;

    @BeforeEach
    void realResources() {
        // real ids, so a request that got past parsing would reach a real resource and could write
        String seller = sellerWithShop(unique("malformed"));
        Streams stream = Streams.live(2, 50);
        long product = activeProduct(seller, "Malformed target", 1000, 50);
        everyone = token(unique("all-roles"), "viewer", "host", "seller", "admin");
        // the caller's own delivered order with a return, a running sale and auction, an open voucher: a request
        // that got past parsing would be allowed to write to them
        Number order = as(everyone).body(Map.of("productId", product, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        io.liveshop.testing.Shop.address(everyone);
        as(everyone).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment").then().statusCode(200);
        as(seller).post("/api/orders/" + order + "/ship").then().statusCode(200);
        as(seller).post("/api/orders/" + order + "/deliver").then().statusCode(200);
        Number ret = as(everyone).body(Map.of("reason", "too big")).post("/api/orders/" + order + "/returns")
                .then().statusCode(201).extract().path("id");
        Number sale = as(stream.hostToken()).body(Map.of("streamId", stream.streamId(), "productId",
                stream.products().get(0), "priceMinor", 100, "quantity", 5, "perBuyerLimit", 1, "durationSeconds", 600))
                .post("/api/sales").then().statusCode(201).extract().path("id");
        Number auction = as(stream.hostToken()).body(Map.of("streamId", stream.streamId(), "productId",
                stream.products().get(1), "startingPriceMinor", 100, "durationSeconds", 600, "mode", "STANDARD"))
                .post("/api/auctions").then().statusCode(201).extract().path("id");
        Number voucher = as(seller).body(Map.of("code", "MALFORMED" + Math.abs(System.nanoTime() % 1_000_000L), "kind",
                "FIXED", "amountMinor", 100, "quantity", 10, "perBuyerLimit", 1, "startsAt",
                Instant.now().minusSeconds(60).toString(), "endsAt", Instant.now().plusSeconds(3600).toString()))
                .post("/api/vouchers").then().statusCode(201).extract().path("id");
        ids = Map.of("id", String.valueOf(stream.streamId()), "productId", String.valueOf(product),
                "userId", unique("cohost"));
        idsByPath = Map.of("/api/orders/", order.toString(), "/api/returns/", ret.toString(), "/api/sales/",
                sale.toString(), "/api/auctions/", auction.toString(), "/api/vouchers/", voucher.toString(),
                "/api/products/", String.valueOf(product));
    }

    @Test
    void everyMalformedWriteIsRefusedWithAProblemAndWritesNothing() throws Exception {
        JsonNode api = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Map<String, String> before = databaseState();

        int endpoints = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String template = entry.getKey();
            if (!template.startsWith("/api/")) {
                continue;
            }
            for (String method : List.of("post", "put", "delete")) {
                JsonNode operation = entry.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                endpoints++;
                String path = fill(template);
                JsonNode schema = bodySchema(api, template, operation);
                ObjectNode valid = schema == null ? null : sample(api, schema);
                badIds(method, template, valid == null ? null : JSON.writeValueAsString(valid));
                if (schema != null) {
                    boolean required = operation.path("requestBody").path("required").asBoolean(false);
                    requiredBodies += required ? 1 : 0;
                    malformedBodies(api, method, path, schema, valid, required);
                }
            }
        }
        assertTrue(endpoints >= 15, "write endpoints found in the OpenAPI document: " + endpoints);
        assertTrue(requiredBodies >= 15, "endpoints whose body is required: " + requiredBodies);
        assertTrue(sent > 300, "malformed requests sent: " + sent);
        assertEquals(List.of(), failures, failures.size() + " of " + sent + " malformed requests were not refused");
        assertEquals(before, databaseState(), "the database changed");
    }

    @Test
    void everyGetWithAnIdInItsPathRefusesBadIdsAndMatrixParameters() throws Exception {
        JsonNode api = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        int endpoints = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (entry.getKey().startsWith("/api/") && entry.getKey().contains("{") && entry.getValue().has("get")) {
                endpoints++;
                badIds("get", entry.getKey(), null);
            }
        }
        expect400(given().urlEncodingEnabled(false).get("/api/streams/" + ids.get("id") + ";x=1"), null,
                "GET a stream with a matrix parameter");
        assertTrue(endpoints >= 10, "GET endpoints with a path id in the OpenAPI document: " + endpoints);
        assertEquals(List.of(), failures, failures.size() + " of " + sent + " bad GETs were not refused");
    }

    @Test
    void declaredQueryParametersWithBadValuesAre400AndUnknownOnesAreIgnored() {
        String seller = sellerWithShop(unique("query"));
        expect400(as(seller).queryParam("status", "BOGUS").get("/api/sellers/me/products"), "status", "GET status");
        expect400(given().queryParam("seller", "abc").get("/api/products"), "seller", "GET seller");
        expect400(given().queryParam("seller", "1.5").get("/api/products"), "seller", "GET seller fraction");
        expect400(given().queryParam("limit", "abc").get("/api/products"), "limit", "GET limit");
        expect400(given().queryParam("cursor", "not-a-cursor").get("/api/products"), "cursor", "GET cursor");
        expect400(given().urlEncodingEnabled(false).get("/api/products?q=a%00b"), "q", "GET NUL in text");
        expect400(as(seller).queryParam("limit", "0").get("/api/orders"), "limit", "GET orders limit");
        given().queryParam("utm_source", "x").get("/api/products").then().statusCode(200);
        assertEquals(List.of(), failures);
    }

    @Test
    void aNullWebhookBodyIs400() {
        String body = "null";
        Response response = given().contentType("application/json")
                .header(WebhookSignature.HEADER, signature.sign(Instant.now().getEpochSecond(), body)).body(body)
                .post(WEBHOOK);
        expectProblem(response, 400, null, "webhook null body");
        assertEquals(List.of(), failures);
    }

    // ---------- generation ----------

    /** An optional body (such as ship's) may be absent or JSON null: those two are sent only where a body is required. */
    private void malformedBodies(JsonNode api, String method, String path, JsonNode schema, ObjectNode valid,
            boolean required) throws Exception {
        String what = method.toUpperCase() + " " + path;
        send(method, path, "text/plain", JSON.writeValueAsString(valid), 415, null, what + " as text/plain");
        send(method, path, null, JSON.writeValueAsString(valid), 415, null, what + " without content type");
        send(method, path, "application/json", "{\"a\":", 400, null, what + " truncated JSON");
        send(method, path, "application/json", "[]", 400, null, what + " array body");
        if (required) {
            send(method, path, "application/json", "null", 400, null, what + " null body");
            send(method, path, null, null, 400, null, what + " without a body");
        }
        JsonNode properties = properties(api, schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            JsonNode type = resolve(api, property.getValue());
            String json = JSON.writeValueAsString(valid);
            // a duplicated key: the second value equals the first, so only strictness can refuse it
            String duplicate = json.substring(0, json.length() - 1) + ",\"" + name + "\":"
                    + JSON.writeValueAsString(valid.get(name)) + "}";
            send(method, path, "application/json", duplicate, 400, name, what + " duplicate " + name);
            for (String wrong : wrongValues(api, type)) {
                ObjectNode body = valid.deepCopy();
                String raw = JSON.writeValueAsString(body.put(name, "@@WRONG@@")).replace("\"@@WRONG@@\"", wrong);
                send(method, path, "application/json", raw, 400, name, what + " " + name + "=" + wrong);
            }
        }
    }

    /** JSON values of the wrong kind for a property of this schema. */
    private List<String> wrongValues(JsonNode api, JsonNode schema) {
        String type = typeOf(schema);
        List<String> wrong = new ArrayList<>();
        switch (type) {
            case "integer" -> wrong.addAll(List.of("\"1\"", "1.5", "true", "[1]", "{}"));
            case "number" -> wrong.addAll(List.of("\"1\"", "true", "[1]"));
            case "boolean" -> wrong.addAll(List.of("\"true\"", "1", "[true]"));
            case "array" -> {
                wrong.addAll(List.of("\"x\"", "1", "[null]", "{}"));
                JsonNode items = resolve(api, schema.get("items"));
                for (String element : wrongValues(api, items)) {
                    if (!element.startsWith("[")) {
                        wrong.add("[" + element + "]");
                    }
                }
            }
            case "string" -> {
                if ("date-time".equals(text(schema, "format"))) {
                    wrong.addAll(List.of("123", "1.5", "true", "\"yesterday\""));
                } else if (schema.has("enum")) {
                    wrong.addAll(List.of("\"NO_SUCH_VALUE\"", "0", "true"));
                } else {
                    wrong.addAll(List.of("1", "1.5", "true", "[\"x\"]", "{}", "\"a\\u0000b\"", "\"a\\ud800b\"",
                            "\"\\udc00\""));
                }
            }
            default -> wrong.addAll(List.of("1", "\"x\"", "true"));
        }
        return wrong;
    }

    /** Bad ids and matrix parameters in the path, with a well-formed body where the endpoint takes one. */
    private void badIds(String method, String template, String validBody) {
        if (!template.contains("{")) {
            return;
        }
        String contentType = validBody == null ? null : "application/json";
        for (String bad : List.of("abc", "0", "-1", "1.5", "99999999999999999999", "%00", "1%3Bx=1")) {
            String path = template.replaceAll("\\{[^}]+}", bad);
            send(method, path, contentType, validBody, 400, null, method.toUpperCase() + " " + path);
        }
        String firstId = template.substring(0, template.indexOf('}') + 1);
        String matrix = fill(firstId) + ";x=1" + fill(template.substring(firstId.length()));
        send(method, matrix, contentType, validBody, 400, null, method.toUpperCase() + " " + matrix);
    }

    private void send(String method, String path, String contentType, String body, int status, String field,
            String what) {
        RequestSpecification request = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + everyone);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request = contentType == null ? request.noContentType() : request.contentType(contentType);
            request = request.body(bytes);
            if (path.equals(WEBHOOK)) {
                request = request.header(WebhookSignature.HEADER, signature.sign(Instant.now().getEpochSecond(), body));
            }
        }
        expectProblem(request.request(method, path), status, field, what);
    }

    private void expect400(Response response, String field, String what) {
        expectProblem(response, 400, field, what);
    }

    private void expectProblem(Response response, int status, String field, String what) {
        sent++;
        String problem = response.asString();
        if (response.statusCode() != status || !String.valueOf(response.contentType()).startsWith(Problem.MEDIA_TYPE)) {
            failures.add(what + " -> " + response.statusCode() + " " + response.contentType() + " " + problem);
            return;
        }
        if (field != null) {
            List<String> fields = response.jsonPath().getList("errors.field");
            if (fields == null || fields.stream().noneMatch(f -> f.equals(field) || f.startsWith(field + "["))) {
                failures.add(what + " -> field not named: " + problem);
            }
        }
    }

    // ---------- OpenAPI schemas ----------

    private String fill(String template) {
        String path = template;
        for (Map.Entry<String, String> prefix : idsByPath.entrySet()) {
            if (path.startsWith(prefix.getKey() + "{id}")) {
                path = path.replace("{id}", prefix.getValue());
            }
        }
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        return path;
    }

    private JsonNode bodySchema(JsonNode api, String template, JsonNode operation) throws Exception {
        if (template.equals(WEBHOOK)) {
            // the webhook reads its raw body (to verify the signature) and parses it itself
            return JSON.readTree("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
                    + "\"type\":{\"type\":\"string\"},\"orderId\":{\"type\":\"integer\"},"
                    + "\"paymentId\":{\"type\":\"string\"}}}");
        }
        JsonNode content = operation.path("requestBody").path("content");
        JsonNode json = content.get("application/json");
        if (json == null) {
            json = content.elements().hasNext() ? content.elements().next() : null;
        }
        if (json == null) {
            return null;
        }
        JsonNode schema = resolve(api, json.get("schema"));
        return "object".equals(typeOf(schema)) ? schema : null;
    }

    private JsonNode properties(JsonNode api, JsonNode schema) {
        return schema.path("properties");
    }

    /** A body of the right shape: every property with a plausible value of its type. */
    private ObjectNode sample(JsonNode api, JsonNode schema) {
        ObjectNode body = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties(api, schema).fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            body.set(property.getKey(), sampleValue(api, resolve(api, property.getValue()), property.getKey()));
        }
        return body;
    }

    private JsonNode sampleValue(JsonNode api, JsonNode schema, String name) {
        return switch (typeOf(schema)) {
            case "integer" -> JSON.getNodeFactory().numberNode(name.toLowerCase().contains("id")
                    ? Long.parseLong(ids.get("productId")) : 1);
            case "number" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "array" -> JSON.createArrayNode().add(sampleValue(api, resolve(api, schema.get("items")), name));
            case "object" -> sample(api, schema);
            default -> schema.has("enum") ? schema.get("enum").get(0)
                    : "date-time".equals(text(schema, "format")) ? JSON.getNodeFactory().textNode("2030-01-01T00:00:00Z")
                    : JSON.getNodeFactory().textNode("x");
        };
    }

    private JsonNode resolve(JsonNode api, JsonNode schema) {
        if (schema == null) {
            return JSON.createObjectNode();
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return resolve(api, api.path("components").path("schemas").path(name));
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                for (JsonNode part : schema.get(combinator)) {
                    JsonNode resolved = resolve(api, part);
                    if (!"null".equals(typeOf(resolved))) {
                        return resolved;
                    }
                }
            }
        }
        return schema;
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? "object" : schema.has("enum") ? "string" : "";
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return type.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    // ---------- database ----------

    /** Row counts of every table a write can touch, and a digest of its rows (but for the clocks' columns). */
    private Map<String, String> databaseState() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String table : TABLES) {
            String sql = "select count(*)::text || ':' || coalesce(md5(string_agg(x, ',' order by x)), '') from "
                    + "(select (to_jsonb(t) - '" + CLOCK_COLUMNS.getOrDefault(table, "{}") + "'::text[])::text x from "
                    + table + " t) s";
            Row row = pool.query(sql).execute().await().indefinitely().iterator().next();
            state.put(table, row.getString(0));
        }
        return state;
    }
}
