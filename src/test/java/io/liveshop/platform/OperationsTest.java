package io.liveshop.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiMetricsAndSwaggerAreServed() {
        given().get("/api/products").then().statusCode(200); // so http_server_requests has a series, in any test order
        given().get("/q/openapi?format=json").then().statusCode(200).body(containsString("/api/orders/{id}/payment"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"))
                .body(containsString("liveshop_ws_connections")).body(containsString("liveshop_ws_fanout_seconds"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void unknownPathsAreProblemJson() {
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
