package io.liveshop.platform.events;

/**
 * A domain event that every viewer of one live stream should see. Features publish these records on their own
 * SmallRye Reactive Messaging channel; the realtime gateway consumes them, stamps the stream's sequence number,
 * serializes once and fans the bytes out. Features never import the gateway.
 */
public interface StreamEvent {

    long streamId();

    /** The message type on the wire, such as {@code pinned} or {@code stock}. */
    String type();

    /**
     * Events with the same non-null key carry state that replaces the previous value (a stock level, a viewer
     * count), so a slow viewer's queue keeps only the latest one. Null means every event must be delivered.
     */
    default String coalesceKey() {
        return null;
    }

    /** What this event changes in a {@link SnapshotSection} of the stream's snapshot, or null. */
    default SnapshotSection.SectionUpdate section() {
        return null;
    }
}
