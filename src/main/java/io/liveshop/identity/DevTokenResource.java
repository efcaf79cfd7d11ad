package io.liveshop.identity;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Development token issuer: enabled in dev, test and loadtest; answers 404 in production. */
@Path("/api/dev/tokens")
@Tag(name = "identity")
@PermitAll
public class DevTokenResource {

    private final DevTokenService tokens;

    DevTokenResource(DevTokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Operation(summary = "Mint a token for a synthetic user")
    public DevToken mint(@Valid @NotNull DevTokenRequest request) {
        tokens.requireEnabled();
        return tokens.mint(request.subject(), request.name(), request.roles());
    }

    @POST
    @Path("/batch")
    @Blocking // RSA signing of thousands of tokens is CPU work that must stay off the event loop
    @Operation(summary = "Mint tokens for prefix-1 … prefix-count")
    public List<DevToken> batch(@Valid @NotNull DevTokenBatchRequest request) {
        tokens.requireEnabled();
        return tokens.mintBatch(request.prefix(), request.count(), request.roles());
    }
}
