package io.liveshop.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The plain REST calls a simulation makes outside the measured traffic: seeding a live stream, minting
 * synthetic users, host commands and the final correctness reads. Every path of the LiveShop API the
 * simulator depends on is in this class.
 */
public final class LiveShopClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final SimulationParams params;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public LiveShopClient(SimulationParams params) {
        this.params = params;
    }

    /** A live stream with its products in the showcase, created by the loadtest-only seed endpoint. */
    public record Fixture(long streamId, String hostToken, List<Long> productIds) {
    }

    public Fixture seed(int products, int stock) {
        JsonNode seeded = call("POST", "/api/loadtest/seed", null, Map.of("products", products, "stock", stock));
        List<Long> ids = new ArrayList<>();
        seeded.get("productIds").forEach(n -> ids.add(n.asLong()));
        return new Fixture(seeded.get("streamId").asLong(), seeded.get("hostToken").asText(), ids);
    }

    /** The user id of {@code tokens(prefix, …).get(index)}: the issuer's batches name users per 5,000. */
    public String subjectOf(String prefix, int index) {
        return params.signingKey() != null ? prefix + "-" + (index + 1)
                : prefix + "-" + (index / 5000 * 5000) + "-" + (index % 5000 + 1);
    }

    /**
     * Tokens for {@code prefix-1 … prefix-count}: from the development issuer, or signed locally with the
     * PKCS#8 PEM key given by {@code -DsigningKey=path} (for deployments whose issuer is off).
     */
    public List<String> tokens(String prefix, int count, String role) {
        List<String> tokens = new ArrayList<>(count);
        if (params.signingKey() != null) {
            PrivateKey key = privateKey(params.signingKey());
            String issuer = System.getProperty("issuer", "https://liveshop.local");
            for (int i = 1; i <= count; i++) {
                tokens.add(Jwt.issuer(issuer).subject(prefix + "-" + i).upn(prefix + "-" + i).groups(role)
                        .expiresIn(Duration.ofHours(2)).sign(key));
            }
            return tokens;
        }
        for (int from = 0; from < count; from += 5000) {
            int batch = Math.min(5000, count - from);
            JsonNode minted = call("POST", "/api/dev/tokens/batch", null,
                    Map.of("prefix", prefix + "-" + from, "count", batch, "roles", List.of(role)));
            minted.forEach(t -> tokens.add(t.get("token").asText()));
        }
        return tokens;
    }

    public void pin(Fixture fixture, long productId) {
        call("POST", "/api/streams/" + fixture.streamId() + "/pin", fixture.hostToken(), Map.of("productId", productId));
    }

    public JsonNode startSale(Fixture fixture, long productId, int quantity, int perBuyerLimit, int durationSeconds) {
        return call("POST", "/api/sales", fixture.hostToken(), Map.of("streamId", fixture.streamId(),
                "productId", productId, "priceMinor", 990, "quantity", quantity, "perBuyerLimit", perBuyerLimit,
                "countdownSeconds", 0, "durationSeconds", durationSeconds));
    }

    /** The sale's invariant as the host sees it; a failed read is reported as a failed check, not thrown. */
    public JsonNode invariant(Fixture fixture, long saleId) {
        try {
            return call("GET", "/api/sales/" + saleId + "/invariant", fixture.hostToken(), null);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("holds", false).put("error", e.getMessage());
        }
    }

    public JsonNode endSale(Fixture fixture, long saleId) {
        return call("POST", "/api/sales/" + saleId + "/end", fixture.hostToken(), Map.of());
    }

    /** A live-only FIXED voucher of the seeded shop on the seeded stream, open now, then dropped by its host. */
    public JsonNode dropLiveVoucher(Fixture fixture, String code, int quantity, int perBuyerLimit) {
        java.time.Instant now = java.time.Instant.now();
        JsonNode voucher = call("POST", "/api/vouchers", fixture.hostToken(), Map.of("code", code, "kind", "FIXED",
                "amountMinor", 100, "minSpendMinor", 0, "quantity", quantity, "perBuyerLimit", perBuyerLimit,
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plusSeconds(3600).toString(),
                "streamId", fixture.streamId()));
        return call("POST", "/api/streams/" + fixture.streamId() + "/vouchers", fixture.hostToken(),
                Map.of("voucherId", voucher.get("id").asLong()));
    }

    /** The voucher's invariant as its host sees it; a failed read is reported as a failed check, not thrown. */
    public JsonNode voucherInvariant(Fixture fixture, long voucherId) {
        try {
            return call("GET", "/api/vouchers/" + voucherId + "/invariant", fixture.hostToken(), null);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("holds", false).put("error", e.getMessage());
        }
    }

    public JsonNode pay(String token, long orderId) {
        return call("POST", "/api/orders/" + orderId + "/payment", token, Map.of("cardToken", "tok_visa"));
    }

    JsonNode call(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(params.baseUrl() + path))
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String file) {
        try {
            String pem = Files.readString(Path.of(file)).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the signing key " + file + ": " + e, e);
        }
    }
}
