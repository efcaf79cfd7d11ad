package io.liveshop.platform.events;

/** A domain event for one user's own connections only (their order's status, their buy answer). */
public interface UserEvent {

    String userId();

    /** The message type on the wire, such as {@code order}. */
    String type();
}
