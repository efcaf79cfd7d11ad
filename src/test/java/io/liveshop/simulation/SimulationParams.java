package io.liveshop.simulation;

/**
 * Every knob of a simulation, read from system properties so one Maven command runs any scenario against any
 * LiveShop deployment, e.g. {@code -DbaseUrl=http://host:8080 -Dviewers=5000 -Dramp=10}.
 */
public record SimulationParams(String baseUrl, int viewers, int rampSeconds, int buyers, int products, int stock,
        int saleQuantity, int perBuyerLimit, int pins, int durationSeconds, String signingKey, String summaryDir) {

    public static SimulationParams fromSystemProperties() {
        return new SimulationParams(
                System.getProperty("baseUrl", "http://localhost:8080").replaceAll("/$", ""),
                Integer.getInteger("viewers", 200),
                Integer.getInteger("ramp", 5),
                Integer.getInteger("buyers", 500),
                Integer.getInteger("products", 3),
                Integer.getInteger("stock", 1000),
                Integer.getInteger("saleQuantity", 100),
                Integer.getInteger("perBuyerLimit", 1),
                Integer.getInteger("pins", 5),
                Integer.getInteger("duration", 10),
                System.getProperty("signingKey"),
                System.getProperty("summaryDir", "target/gatling"));
    }

    public String wsBaseUrl() {
        return baseUrl.replaceFirst("^http", "ws");
    }
}
