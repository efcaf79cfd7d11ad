package io.liveshop.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fan-out client's viewers on one thread and one NIO selector, with no WebSocket library: a handshake, then
 * frames parsed in place from one read buffer (a pinned frame's {@code seq} read from its first bytes, pings
 * answered with a pong). A WebSocket client library costs its core several microseconds per frame (a pipeline, a
 * frame object and a buffer copy each); at hundreds of thousands of frames a second the client's own queueing then
 * shows up as latency, for whichever server is measured.
 */
final class RawViewers {

    /** What the viewers report: a viewer's first frame, and every text frame with its arrival time. */
    interface Listener {
        void firstFrame(int viewer);

        void text(int viewer, ByteBuffer frame, int from, int length, long nanos);
    }

    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A masked pong with an empty payload (a client's frames must be masked; a zero key leaves it as is). */
    private static final byte[] PONG = { (byte) 0x8A, (byte) 0x80, 0, 0, 0, 0 };

    /** One connection: its viewer number, and the bytes of a frame cut by the end of a read. */
    private static final class Conn {
        final int viewer;
        boolean upgraded;
        boolean seen;
        byte[] carry = new byte[0];

        Conn(int viewer) {
            this.viewer = viewer;
        }
    }

    private final InetSocketAddress address;
    private final byte[] handshake;
    private final Listener listener;
    private final Selector selector;
    private final ByteBuffer read = ByteBuffer.allocateDirect(256 * 1024);
    private final AtomicInteger failures = new AtomicInteger();
    private int next;
    private int viewers;
    private CountDownLatch joined;

    RawViewers(String host, int port, String path, Listener listener) throws IOException {
        this.address = new InetSocketAddress(host, port);
        this.handshake = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.listener = listener;
        this.selector = Selector.open();
    }

    /** Starts the loop: {@code count} viewers, {@code inFlight} handshakes at a time; the latch counts them. */
    void start(int count, int inFlight, CountDownLatch joined) {
        this.viewers = count;
        this.joined = joined;
        Thread loop = new Thread(() -> {
            try {
                for (int i = 0; i < inFlight; i++) {
                    connectNext();
                }
                while (true) {
                    selector.select();
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        handle(key);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "raw-viewers");
        loop.setDaemon(true);
        loop.start();
    }

    int failures() {
        return failures.get();
    }

    private void connectNext() throws IOException {
        if (next >= viewers) {
            return;
        }
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(address);
        channel.register(selector, SelectionKey.OP_CONNECT, new Conn(next++));
    }

    private void handle(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                channel.write(ByteBuffer.wrap(handshake));
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            read.clear();
            read.put(conn.carry);
            int n = channel.read(read);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            read.flip();
            long now = System.nanoTime();
            int at = 0;
            if (!conn.upgraded) {
                int end = indexOf(read, END_OF_HEADERS);
                if (end < 0) {
                    keep(conn, 0);
                    return;
                }
                if (read.get(9) != '1' || read.get(10) != '0' || read.get(11) != '1') {
                    throw new IOException("handshake refused");
                }
                conn.upgraded = true;
                at = end + END_OF_HEADERS.length;
            }
            at = frames(channel, conn, at, now);
            keep(conn, at);
        } catch (IOException e) {
            key.cancel();
            channel.close();
            if (!conn.seen) {
                failures.incrementAndGet();
                joined.countDown();
                connectNext();
            }
        }
    }

    /** Every complete frame from {@code at}; returns where the first incomplete one starts. */
    private int frames(SocketChannel channel, Conn conn, int at, long now) throws IOException {
        int limit = read.limit();
        while (limit - at >= 2) {
            int opcode = read.get(at) & 0x0F;
            int len = read.get(at + 1) & 0x7F;
            int header = 2;
            if (len == 126) {
                if (limit - at < 4) {
                    break;
                }
                len = read.getShort(at + 2) & 0xFFFF;
                header = 4;
            } else if (len == 127) {
                if (limit - at < 10) {
                    break;
                }
                len = (int) read.getLong(at + 2);
                header = 10;
            }
            if (header + len > read.capacity()) {
                throw new IOException("a frame of " + len + " bytes does not fit the client's read buffer");
            }
            if (limit - at < header + len) {
                break;
            }
            int payload = at + header;
            if (opcode == 0x9) {
                channel.write(ByteBuffer.wrap(PONG));
            } else if (opcode == 0x8) {
                throw new IOException("closed by the server");
            } else if (opcode == 0x1) {
                if (!conn.seen) {
                    conn.seen = true;
                    listener.firstFrame(conn.viewer);
                    joined.countDown();
                    connectNext();
                }
                listener.text(conn.viewer, read, payload, len, now);
            }
            at = payload + len;
        }
        return at;
    }

    private void keep(Conn conn, int from) {
        int rest = read.limit() - from;
        if (rest == 0) {
            if (conn.carry.length != 0) {
                conn.carry = new byte[0];
            }
            return;
        }
        byte[] carry = new byte[rest];
        read.get(from, carry);
        conn.carry = carry;
    }

    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= buffer.limit(); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean startsWith(ByteBuffer buffer, int from, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static long parseLong(ByteBuffer buffer, int from, int end) {
        long value = 0;
        for (int i = from; i < end; i++) {
            byte b = buffer.get(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
