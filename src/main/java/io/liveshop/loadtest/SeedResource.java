package io.liveshop.loadtest;

import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One call that prepares a load test: answers 404 unless the loadtest (or test) profile enabled it. */
@Path("/api/loadtest/seed")
@Tag(name = "loadtest")
@PermitAll
public class SeedResource {

    private final SeedService seeds;
    private final LoadTestConfig config;

    SeedResource(SeedService seeds, LoadTestConfig config) {
        this.seeds = seeds;
        this.config = config;
    }

    @POST
    public Uni<Seeded> seed(@Valid @NotNull SeedRequest request) {
        if (!config.seedEnabled()) {
            throw ProblemException.notFound("Load test seeding");
        }
        return seeds.seed(request.products() == null ? 3 : request.products(),
                request.stock() == null ? 1000 : request.stock());
    }
}
