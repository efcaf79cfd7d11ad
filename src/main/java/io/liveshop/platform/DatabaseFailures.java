package io.liveshop.platform;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Set;

/** Recognises, in a failure's cause chain, PostgreSQL being unreachable or refusing text it cannot store. */
public final class DatabaseFailures {

    /** SQLSTATEs of a server going away or not accepting connections (class 08, admin shutdown, starting up). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Vert.x's pool and connection failures without a dedicated type, by name: the types are internal. */
    private static final Set<String> VERTX_FAILURES = Set.of("io.vertx.core.impl.NoStackTraceThrowable",
            "io.vertx.core.VertxException");

    private DatabaseFailures() {
    }

    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
                return true;
            }
            // a connection reset under a query (Netty's native transport raises a plain IOException subtype)
            if (t instanceof java.io.IOException && mentionsConnection(t.getMessage())) {
                return true;
            }
            if (VERTX_FAILURES.contains(t.getClass().getName()) && mentionsConnection(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** 22021 / 22P05: text PostgreSQL cannot store (the JSON text check refuses it first; this is the backstop). */
    static boolean badText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && ("22021".equals(pg.getSqlState()) || "22P05".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsConnection(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("connection") || m.contains("timeout") || m.contains("closed") || m.contains("refused");
    }
}
