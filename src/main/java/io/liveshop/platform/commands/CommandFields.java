package io.liveshop.platform.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.platform.ProblemException;

/**
 * The fields every socket command shares, checked one way: an id is a positive JSON integer (not {@code "1"}, not
 * {@code 1.5}), a {@code requestId} is a JSON string of 1 to 128 printable ASCII characters (the
 * {@code Idempotency-Key} rule), and a bad one is named in the error.
 */
public final class CommandFields {

    private CommandFields() {
    }

    public static long positiveId(JsonNode message, String field) {
        JsonNode n = message.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() <= 0) {
            throw ProblemException.invalidField(field, "must be a positive integer");
        }
        return n.asLong();
    }

    public static String requestId(JsonNode message) {
        String id = validRequestId(message);
        if (id == null) {
            throw ProblemException.invalidField("requestId", "must be a string of 1 to 128 printable ASCII characters");
        }
        return id;
    }

    /**
     * The message's {@code requestId} if it is a valid one, else null: what an error frame may echo (a lone
     * surrogate could not even be encoded back).
     */
    public static String validRequestId(JsonNode message) {
        JsonNode n = message.get("requestId");
        if (n == null || !n.isTextual() || n.asText().isEmpty() || n.asText().length() > 128
                || !n.asText().chars().allMatch(c -> c > 32 && c < 127)) {
            return null;
        }
        return n.asText();
    }
}
