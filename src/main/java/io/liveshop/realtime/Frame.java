package io.liveshop.realtime;

import io.netty.buffer.ByteBuf;

/**
 * One encoded event: serialized once; {@code bytes} feed snapshots and replays, {@code wire} is the complete
 * WebSocket frame written by reference to every viewer.
 */
record Frame(long seq, String key, byte[] bytes, ByteBuf wire) {

    static Frame control(byte[] bytes) {
        return new Frame(0, null, bytes, WireSocket.textFrame(bytes));
    }
}
