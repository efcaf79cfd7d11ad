package io.liveshop.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liveshop.platform.json.OptionalBody;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the optional {@code {"reason"}} body of a moderation command: null without a body, 400 if malformed. */
@ApplicationScoped
public class ModerationBodies {

    private final OptionalBody bodies;

    ModerationBodies(OptionalBody bodies) {
        this.bodies = bodies;
    }

    public ModerationRequest parse(byte[] body) throws JsonProcessingException {
        return bodies.parse(body, ModerationRequest.class, "{\"reason\": \"...\"}");
    }
}
