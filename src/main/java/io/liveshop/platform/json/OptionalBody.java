package io.liveshop.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;

/**
 * Reads an optional JSON body (a moderation reason, a shipment's tracking). A JSON body parameter would make a
 * request without a body (and so without a content type) a 415, so such endpoints take the raw bytes and parse them
 * here with the one strict mapper: no body is null, anything sent must be a valid {@code type}.
 */
@ApplicationScoped
public class OptionalBody {

    private final ObjectMapper json;
    private final Validator validator;

    OptionalBody(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Null without a body; a malformed body is 400 (problem+json naming the field) and nothing happens. */
    public <T> T parse(byte[] body, Class<T> type, String expected) throws JsonProcessingException {
        if (body == null || body.length == 0) {
            return null;
        }
        T request;
        try {
            request = json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-request", "The body could not be read");
        }
        if (request == null) {
            throw ProblemException.invalidField("body", "must be a JSON object " + expected + " or absent");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }
}
