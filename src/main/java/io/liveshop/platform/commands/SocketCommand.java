package io.liveshop.platform.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.identity.CurrentUser;
import io.smallrye.mutiny.Uni;

/**
 * A command a client sends on its stream socket, {@code {"type": type(), "requestId": "…", …}}. The feature that
 * owns the command implements it as a CDI bean; the realtime gateway only routes by {@link #type()} and writes the
 * one answer frame {@code {"type": answerType(), "requestId": "…", "data": answer}}. A
 * {@link io.liveshop.platform.ProblemException} (bad input, not found, forbidden) becomes an error frame carrying
 * the request id.
 */
public interface SocketCommand {

    /** The message type it handles, such as {@code buy}. */
    String type();

    /** The type of its answer frame, such as {@code buy-answer}. */
    String answerType();

    /** Validates and runs the command for the socket's caller, watching {@code streamId}. */
    Uni<?> handle(CurrentUser caller, long streamId, JsonNode message);
}
