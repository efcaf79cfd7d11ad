package io.liveshop.livestream;

/**
 * Viewers watching a stream right now, as the gateway that holds the sockets counts them. The gateway implements
 * this port; the stream list orders live streams by it without importing the gateway.
 */
public interface AudienceCounts {

    int live(long streamId);
}
