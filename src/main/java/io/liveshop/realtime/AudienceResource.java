package io.liveshop.realtime;

import io.liveshop.identity.CurrentUser;
import io.liveshop.livestream.LiveStreamService;
import io.liveshop.platform.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The host's exact view of the audience (viewers get it coalesced, once a second). */
@Path("/api/streams/{id}/audience")
@Tag(name = "livestream")
@Authenticated
public class AudienceResource {

    public record Audience(long streamId, int live, int peak, long seq) {
    }

    private final StreamHub hub;
    private final LiveStreamService streams;
    private final SecurityIdentity identity;

    AudienceResource(StreamHub hub, LiveStreamService streams, SecurityIdentity identity) {
        this.hub = hub;
        this.streams = streams;
        this.identity = identity;
    }

    @GET
    public Uni<Audience> get(@PathParam("id") String id) {
        long streamId = Ids.parse("id", id);
        return streams.requireController(streamId, CurrentUser.of(identity)).map(s -> {
            int[] audience = hub.audience(streamId);
            return new Audience(streamId, audience[0], audience[1], hub.seq(streamId));
        });
    }
}
