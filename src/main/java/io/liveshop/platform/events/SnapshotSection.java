package io.liveshop.platform.events;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A feature's part of a viewer's snapshot, rendered as {@code data.<name>()}: a list of items
 * ({@code data.sales}, {@code data.vouchers}) or, when {@link #single()}, one item or {@code null}
 * ({@code data.auction}). The feature implements it as a CDI bean. The gateway calls {@link #load} once when it
 * first needs the stream on this node, then keeps the section current from the {@link StreamEvent#section()}
 * updates the feature publishes with its events, so a joiner never costs a query. Features never import the
 * gateway.
 */
public interface SnapshotSection {

    /** The key under {@code data}, such as {@code sales}. */
    String name();

    /** One item or null instead of a list. */
    default boolean single() {
        return false;
    }

    /** The section's items for the stream right now, in display order. Runs on a Vert.x context. */
    Uni<List<SectionItem>> load(long streamId);

    /** One item of a section, keyed so later updates replace or remove it (e.g. {@code sale:12}). */
    record SectionItem(String key, Object item) {
    }

    /**
     * What an event changes in a section: {@code item} replaces the item with {@code key}, or removes it when null.
     * Items must be immutable (records): the gateway keeps them and serializes them only when it builds a snapshot.
     */
    record SectionUpdate(String section, String key, Object item) {
    }
}
