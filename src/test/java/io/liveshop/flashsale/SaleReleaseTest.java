package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.buy;
import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ended sale lets go of its memory once the ended retention passed (here at once): slot, buyer counts, answers,
 * gauges. Whatever comes later is answered from the database: the sale, its end, a winner's retry.
 */
@QuarkusTest
@TestProfile(SaleReleaseTest.NoRetention.class)
class SaleReleaseTest {

    public static class NoRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.flash-sales.ended-retention", "PT0S");
        }
    }

    @Inject
    SaleAdmission admission;

    @Test
    void anEndedSaleIsReleasedAndStillAnsweredFromTheDatabase() {
        SaleFixtures.Product p = product(20);
        long saleId = startSale(p, 5, 1);
        String winner = token(unique("release-winner"), "viewer");
        long order = buy(winner, saleId, "release-1").then().statusCode(201).body("outcome", equalTo("WON"))
                .extract().jsonPath().getLong("orderId");
        end(p, saleId);

        await().atMost(Duration.ofMinutes(1)).until(() -> admission.slot(saleId) == null);
        assertEquals(0, admission.buyerCount(saleId, winnerId(winner)));
        // the clock untracks the gauges right after the sweep that dropped the slot, on its own thread
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertFalse(
                given().get("/q/metrics").asString().contains("sale=\"" + saleId + "\""), "gauges of an ended sale"));

        given().auth().oauth2(winner).get("/api/sales/" + saleId).then().statusCode(200).body("status", equalTo("ENDED"));
        buy(winner, saleId, "release-1").then().statusCode(200).body("outcome", equalTo("WON"))
                .body("orderId", equalTo((int) order));
        buy(token(unique("release-late"), "viewer"), saleId, "release-2").then().statusCode(200)
                .body("outcome", equalTo("ENDED"));
    }

    private static String winnerId(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return payload.replaceAll(".*\"sub\":\"([^\"]*)\".*", "$1");
    }
}
