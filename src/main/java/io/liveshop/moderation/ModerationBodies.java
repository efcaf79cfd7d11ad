package io.liveshop.moderation;

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
 * Reads the optional body of a moderation command. A JSON body parameter would make a request without a body (and so
 * without a content type) a 415, so endpoints take the raw bytes and parse them here with the one strict mapper:
 * no body is no reason, anything sent must be a valid {@link ModerationRequest}.
 */
@ApplicationScoped
public class ModerationBodies {

    private final ObjectMapper json;
    private final Validator validator;

    ModerationBodies(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Null without a body; a malformed body is 400 (problem+json naming the field) and nothing happens. */
    public ModerationRequest parse(byte[] body) throws JsonProcessingException {
        if (body == null || body.length == 0) {
            return null;
        }
        ModerationRequest request;
        try {
            request = json.readValue(body, ModerationRequest.class);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-request", "The body could not be read");
        }
        if (request == null) {
            throw ProblemException.invalidField("body", "must be a JSON object {\"reason\": \"...\"} or absent");
        }
        Set<ConstraintViolation<ModerationRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }
}
