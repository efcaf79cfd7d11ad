package io.liveshop.livestream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Cursor;
import io.liveshop.moderation.ModerationBodies;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.platform.Ids;
import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import jakarta.ws.rs.QueryParam;
import io.liveshop.platform.http.HttpCache;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Streams and host commands. Every command is checked against the stream's host and co-hosts. */
@Path("/api/streams")
@Tag(name = "livestream")
@Authenticated
public class LiveStreamResource {

    private final LiveStreamService streams;
    private final StreamReads reads;
    private final HttpCache http;
    private final StreamDirectory directory;
    private final SecurityIdentity identity;
    private final ModerationBodies bodies;

    LiveStreamResource(LiveStreamService streams, StreamReads reads, HttpCache http, StreamDirectory directory,
            SecurityIdentity identity, ModerationBodies bodies) {
        this.directory = directory;
        this.bodies = bodies;
        this.streams = streams;
        this.reads = reads;
        this.http = http;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.HOST)
    public Uni<Response> create(@Valid @NotNull CreateStreamRequest request) {
        return streams.create(user(), request).flatMap(s -> streams.view(s.id))
                .map(v -> Response.created(URI.create("/api/streams/" + v.id())).entity(v).build());
    }

    /**
     * Public lists: {@code LIVE} streams by viewers now (most first), {@code SCHEDULED} ones by start time (soonest
     * first, unscheduled last). Keyset pages ({@code limit}, {@code cursor}).
     */
    @GET
    @PermitAll
    public Uni<Page<StreamListing>> list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        LiveStreamStatus wanted;
        if (status == null || status.equals("LIVE")) {
            wanted = LiveStreamStatus.LIVE;
        } else if (status.equals("SCHEDULED")) {
            wanted = LiveStreamStatus.SCHEDULED;
        } else {
            throw ProblemException.invalidField("status", "must be LIVE or SCHEDULED");
        }
        return directory.page(wanted, cursor, Cursor.limit(limit));
    }

    /** The same for everyone: served from memory without looking at the caller. */
    @GET
    @Path("/{id}")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed // HttpCache sends its own gzip copy, made once
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StreamView.class)))
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        return reads.view(Ids.parse("id", id)).map(json -> http.shared(json, request));
    }

    @GET
    @Path("/{id}/timeline")
    @PermitAll
    public Uni<List<TimelineEntry>> timeline(@PathParam("id") String id) {
        return streams.timeline(Ids.parse("id", id));
    }

    @POST
    @Path("/{id}/live")
    public Uni<StreamView> goLive(@PathParam("id") String id) {
        return streams.goLive(user(), Ids.parse("id", id));
    }

    /** The host or a co-host; or an admin as moderation, with an optional {@code {"reason"}} for the audit. */
    @POST
    @Path("/{id}/end")
    public Uni<StreamView> end(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModerationRequest.class))) byte[] body)
            throws JsonProcessingException {
        return streams.end(user(), Ids.parse("id", id), bodies.parse(body));
    }

    @POST
    @Path("/{id}/cohosts")
    public Uni<StreamView> addCoHost(@PathParam("id") String id, @Valid @NotNull CoHostRequest request) {
        long streamId = Ids.parse("id", id);
        return streams.addCoHost(user(), streamId, request.userId());
    }

    @DELETE
    @Path("/{id}/cohosts/{userId}")
    public Uni<StreamView> removeCoHost(@PathParam("id") String id, @PathParam("userId") String userId) {
        long streamId = Ids.parse("id", id);
        return streams.removeCoHost(user(), streamId, CoHostRequest.userId("userId", userId));
    }

    @POST
    @Path("/{id}/showcase")
    public Uni<StreamView> addToShowcase(@PathParam("id") String id, @Valid @NotNull ProductRef request) {
        return streams.addToShowcase(user(), Ids.parse("id", id), request.productId());
    }

    @DELETE
    @Path("/{id}/showcase/{productId}")
    public Uni<StreamView> removeFromShowcase(@PathParam("id") String id, @PathParam("productId") String productId) {
        return streams.removeFromShowcase(user(), Ids.parse("id", id), Ids.parse("productId", productId));
    }

    /** Pins a showcase product; answers as soon as the pin is committed. */
    @POST
    @Path("/{id}/pin")
    public Uni<ProductPinned> pin(@PathParam("id") String id, @Valid @NotNull ProductRef request) {
        return streams.pin(user(), Ids.parse("id", id), request.productId());
    }

    @POST
    @Path("/{id}/unpin")
    public Uni<Response> unpin(@PathParam("id") String id) {
        return streams.unpin(user(), Ids.parse("id", id)).map(e -> Response.noContent().build());
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
