package io.liveshop.payment;

import io.liveshop.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code LiveShop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, the scheme payment
 * providers use, so a forged or replayed delivery is refused before anything is read from it.
 */
@ApplicationScoped
public class WebhookSignature {

    public static final String HEADER = "LiveShop-Signature";

    private final PaymentsConfig config;

    WebhookSignature(PaymentsConfig config) {
        this.config = config;
    }

    public String sign(long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(timestamp + "." + body);
    }

    public void verify(String header, String body, Instant now) {
        if (header == null) {
            throw invalid("missing " + HEADER + " header");
        }
        Long timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    throw invalid("bad timestamp");
                }
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (timestamp == null || v1 == null) {
            throw invalid("signature header needs t= and v1=");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > config.webhookTolerance().toSeconds()) {
            throw invalid("timestamp outside the tolerance window");
        }
        byte[] expected = hmac(timestamp + "." + body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("signature does not match");
        }
    }

    private String hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("invalid-signature", "Webhook signature rejected: " + why);
    }
}
