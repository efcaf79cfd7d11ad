package io.liveshop.identity;

import java.util.Set;

/** The role names carried in a token's {@code groups} claim. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String HOST = "host";
    public static final String SELLER = "seller";
    public static final String ADMIN = "admin";
    public static final Set<String> ALL = Set.of(VIEWER, HOST, SELLER, ADMIN);

    private Roles() {
    }
}
