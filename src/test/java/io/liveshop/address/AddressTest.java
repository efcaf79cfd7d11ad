package io.liveshop.address;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.ConcurrentClients;
import io.liveshop.testing.Shop;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AddressTest {

    @Test
    void theFirstAddressIsTheDefaultAndMakeDefaultMovesIt() {
        String buyer = token(unique("addr"), "viewer");
        long first = Shop.address(buyer);
        Number second = as(buyer).body(Map.of("name", "Office", "line1", "5 Main St", "line2", "Floor 3",
                        "city", "Berlin", "postalCode", "10115", "country", "DE"))
                .post("/api/addresses").then().statusCode(201).body("isDefault", equalTo(false)).extract().path("id");
        as(buyer).get("/api/addresses").then().statusCode(200)
                .body("id", contains((int) first, second.intValue())).body("isDefault", contains(true, false));

        as(buyer).body(Map.of("name", "Home 2", "line1", "9 Elm St", "city", "Lyon", "postalCode", "69001",
                "country", "FR", "makeDefault", true)).post("/api/addresses").then().statusCode(201)
                .body("isDefault", equalTo(true));
        as(buyer).get("/api/addresses").then().body("isDefault", contains(false, false, true));
    }

    @Test
    void aRetryWithTheSameKeySavesOneAddress() {
        String buyer = token(unique("addr-retry"), "viewer");
        Map<String, Object> home = Map.of("name", "Ada", "line1", "1 Road", "city", "Paris", "postalCode", "75002",
                "country", "FR");
        Number first = as(buyer).header("Idempotency-Key", "addr-1").body(home).post("/api/addresses")
                .then().statusCode(201).extract().path("id");
        as(buyer).header("Idempotency-Key", "addr-1").body(home).post("/api/addresses").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first.intValue()));
        as(buyer).header("Idempotency-Key", "addr-1").body(with(home, "city", "Lyon")).post("/api/addresses")
                .then().statusCode(422).body("code", equalTo("idempotency-key-reused"));

        String json = "{\"name\":\"Ada\",\"line1\":\"2 Road\",\"city\":\"Paris\",\"postalCode\":\"75002\","
                + "\"country\":\"FR\"}";
        List<HttpResponse<String>> answers = ConcurrentClients.postAll(8, i -> ConcurrentClients
                .post("/api/addresses", buyer, json).header("Idempotency-Key", "addr-race").build());
        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count(),
                () -> answers.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString());
        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 200));
        as(buyer).get("/api/addresses").then().body("$", hasSize(2));
    }

    @Test
    void addressesArePrivate() {
        String buyer = token(unique("addr-own"), "viewer");
        Shop.address(buyer);
        String other = token(unique("addr-other"), "viewer");
        as(other).get("/api/addresses").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void invalidAddressesAre400AndWriteNothing() {
        String buyer = token(unique("addr-bad"), "viewer");
        Map<String, Object> good = Map.of("name", "Ada", "line1", "1 Road", "city", "Paris", "postalCode", "75002",
                "country", "FR");
        expect400(buyer, with(good, "country", "XX"), "country");
        expect400(buyer, with(good, "country", "fr"), "country");
        expect400(buyer, with(good, "postalCode", "1"), "postalCode");
        expect400(buyer, with(good, "postalCode", "12345678901"), "postalCode");
        expect400(buyer, with(good, "name", " "), "name");
        expect400(buyer, with(good, "city", null), "city");
        as(buyer).get("/api/addresses").then().body("$", hasSize(0));
    }

    private static void expect400(String buyer, Map<String, Object> body, String field) {
        as(buyer).body(body).post("/api/addresses").then().statusCode(400).body("errors[0].field", equalTo(field));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}
