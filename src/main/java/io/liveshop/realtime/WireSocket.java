package io.liveshop.realtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place that goes below Vert.x: the Netty pipeline of an upgraded WebSocket connection, so that a frame
 * encoded once (WebSocket header included) is written to every viewer by reference, and flushed once per batch
 * rather than once per frame. Vert.x's {@code ServerWebSocket} offers neither. It relies on Vert.x's HTTP/1.x
 * connection being a {@link ConnectionBase} (an internal class) whose upgraded Netty pipeline holds a WebSocket
 * frame encoder; {@code WireSocketTest} fails if an upgrade changes that or pre-encoded frames stop arriving intact.
 */
final class WireSocket {

    private final ChannelHandlerContext context;

    private WireSocket(ChannelHandlerContext context) {
        this.context = context;
    }

    /** The socket under an upgraded request's connection. */
    static WireSocket of(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            throw new IllegalStateException("Vert.x HTTP connection is no longer a ConnectionBase: "
                    + (connection == null ? null : connection.getClass().getName()));
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        if (encoder == null) {
            throw new IllegalStateException("no WebSocket encoder in the upgraded pipeline: " + pipeline.names());
        }
        // Frames are already encoded: write below the encoder, and below the idle-time handler (whose promise
        // and listener per write cost as much as the rest of the write), so from whichever of the two sits
        // nearer the head: a write passes only the handlers between its context and the head (TLS, if any).
        ChannelHandlerContext idle = pipeline.context(IdleStateHandler.class);
        List<String> names = pipeline.names();
        boolean idleLower = idle != null && names.indexOf(idle.name()) < names.indexOf(encoder.name());
        return new WireSocket(idleLower ? idle : encoder);
    }

    /** A ping control frame with no payload, shared like the text frames. */
    static final ByteBuf PING = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(2).put((byte) 0x89).put((byte) 0).flip()));

    /** A complete unmasked final text frame: header and payload in one direct buffer, shared by every write. */
    static ByteBuf textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length < 65536) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        // Unreleasable: the buffer is shared by all viewers and the replay ring; the GC frees it with its last user.
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
    }

    /** Complete frames one after another in one direct buffer, shared like a single frame. */
    static ByteBuf joined(List<ByteBuf> frames) {
        int size = 0;
        for (ByteBuf frame : frames) {
            size += frame.readableBytes();
        }
        ByteBuffer joined = ByteBuffer.allocateDirect(size);
        for (ByteBuf frame : frames) {
            joined.put(frame.nioBuffer());
        }
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(joined.flip()));
    }

    /** Caps the kernel's send buffer for this socket (Linux otherwise auto-tunes it up to megabytes). */
    void limitSendBuffer(int bytes) {
        context.channel().config().setOption(ChannelOption.SO_SNDBUF, bytes);
    }

    boolean inEventLoop() {
        return context.executor().inEventLoop();
    }

    boolean isWritable() {
        return context.channel().isWritable();
    }

    /** Queues a pre-encoded frame without flushing; call on the connection's event loop. */
    void write(ByteBuf frame) {
        context.write(frame.duplicate(), context.voidPromise());
    }

    void flush() {
        context.flush();
    }

    /**
     * Runs {@code task} on this socket's event loop once the loop has read the I/O ready by then. A task queued
     * the ordinary way (Vert.x {@code runOnContext}) does not: Netty runs up to 64 queued tasks between two
     * polls, so a fan-out that re-queues itself chunk by chunk would hold every HTTP request and database reply
     * on the loop until its last chunk. A zero-delay scheduled task is picked up only at the loop's next turn.
     */
    void afterPendingIo(Runnable task) {
        context.executor().schedule(task, 0, TimeUnit.NANOSECONDS);
    }
}
