package io.liveshop.realtime;

import io.liveshop.identity.CurrentUser;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicInteger;

/** One open viewer connection: who it is (or a guest), which stream it watches, its socket and outbox. */
final class ViewerSession {

    final ServerWebSocket socket;
    final WireSocket wire;
    /** Null for a guest, who watches only; set once when it signs in on the socket (on the socket's loop). */
    volatile CurrentUser user;
    final String address;
    final long streamId;
    final Outbox outbox;
    /** The event loop that owns the socket: every write to it happens there, in order. */
    final Context loop;
    /** A safe duplicated context of that loop, for commands that use reactive database sessions. */
    final Context commands;
    final AtomicInteger errors = new AtomicInteger();
    /** Client messages arrive on the socket's loop only, so the throttle needs no lock. */
    final Throttle throttle;
    volatile long lastHeard = System.nanoTime();
    /** Position in its loop's viewer array; touched only on the loop. */
    int slot = -1;
    /** The last sequence number its loop's fan-out gave it (its snapshot's at first); touched only on the loop. */
    long fanoutSeq;
    volatile boolean closed;
    /** Counted in its stream's audience; guarded by the stream's lock. */
    boolean joined;

    ViewerSession(ServerWebSocket socket, WireSocket wire, CurrentUser user, String address, long streamId,
            Outbox outbox,
            Context loop, Context commands, Throttle throttle) {
        this.socket = socket;
        this.wire = wire;
        this.user = user;
        this.address = address;
        this.streamId = streamId;
        this.outbox = outbox;
        this.loop = loop;
        this.commands = commands;
        this.throttle = throttle;
    }

    /** Runs on the socket's event loop: at once if already there, else queued behind earlier work. */
    void onLoop(Runnable work) {
        if (wire.inEventLoop()) {
            work.run();
        } else {
            loop.runOnContext(ignored -> work.run());
        }
    }

    void send(Frame frame) {
        onLoop(() -> outbox.sendNow(frame));
    }

    void close(int code, String reason) {
        onLoop(() -> {
            if (!socket.isClosed()) {
                socket.close((short) code, reason);
            }
        });
    }
}
