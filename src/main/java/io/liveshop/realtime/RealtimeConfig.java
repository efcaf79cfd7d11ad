package io.liveshop.realtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.realtime")
public interface RealtimeConfig {

    /** Events kept per stream for resume; an older {@code since} gets a fresh snapshot. */
    @WithDefault("2048")
    int replayBuffer();

    /** Frames that must all be delivered (no coalescing key) that may wait for one slow connection. */
    @WithDefault("256")
    int maxQueuedFrames();

    /** A connection whose socket stays full this long is closed (code 4008); the client resumes. */
    @WithDefault("PT20S")
    Duration stuckTimeout();

    /** How often viewers are told the viewer count (coalesced). */
    @WithDefault("PT1S")
    Duration viewerCountInterval();

    /** Largest client message accepted; a larger one gets an error frame. */
    @WithDefault("4096")
    int maxInboundBytes();

    /** Errors a connection may cause before it is closed (code 1008). */
    @WithDefault("10")
    int maxErrors();

    /** How often the server pings every connection (a WebSocket ping frame; clients answer with a pong). */
    @WithDefault("PT20S")
    Duration pingInterval();

    /** A connection silent this long (no message, no pong to the server's pings) is closed as dead. */
    @WithDefault("PT75S")
    Duration deadAfter();

    /**
     * The kernel send buffer of a viewer socket (SO_SNDBUF; Linux doubles it). Small, so a viewer that does not
     * read fills it within a few frames and the gateway's slow-viewer bounds apply, instead of megabytes of
     * auto-tuned kernel buffer hiding it.
     */
    @WithDefault("65536")
    int sendBufferBytes();

    /** Messages a client may send per second on average; more get a {@code rate-limited} error frame. */
    @WithDefault("20")
    int commandsPerSecond();

    /** Messages a client may send in a burst before the per-second rate applies. */
    @WithDefault("40")
    int commandBurst();

    /** Most often a host's live panel ({@code /ws/studio/{id}}) is pushed; only when something changed. */
    @WithDefault("PT0.5S")
    Duration hostFeedInterval();
}
