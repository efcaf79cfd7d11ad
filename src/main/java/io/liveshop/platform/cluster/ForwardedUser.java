package io.liveshop.platform.cluster;

import io.liveshop.identity.CurrentUser;
import jakarta.validation.constraints.NotNull;

/** The caller of a forwarded request, as the forwarding node authenticated it (trusted: the call carries the secret). */
public record ForwardedUser(@NotNull String id, boolean admin, boolean seller, boolean host, String name) {

    public static ForwardedUser of(CurrentUser user) {
        return new ForwardedUser(user.id(), user.admin(), user.seller(), user.host(), user.name());
    }

    public CurrentUser user() {
        return new CurrentUser(id, admin, seller, host, name == null ? id : name);
    }
}
