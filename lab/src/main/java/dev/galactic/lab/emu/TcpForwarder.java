package dev.galactic.lab.emu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Lets people and tools on the host reach the lab's controller without giving the lab a route
 * to the host: it listens on the host's loopback and, per connection, opens a socket inside the
 * management namespace (created there by {@link InNamespace}) to the controller, then copies
 * bytes both ways. No address or route is added anywhere; stopping the process closes it.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocketChannel server;
    private final String netns;
    private final InetSocketAddress target;
    private volatile boolean closed;

    private TcpForwarder(ServerSocketChannel server, String netns, InetSocketAddress target) {
        this.server = server;
        this.netns = netns;
        this.target = target;
    }

    /** Listens on {@code listen} (port 0: any free one) in this process's namespace. */
    public static TcpForwarder start(InetSocketAddress listen, String netns, InetSocketAddress target) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(listen);
        TcpForwarder f = new TcpForwarder(s, netns, target);
        Thread.ofPlatform().name("forward-accept").daemon().start(f::acceptLoop);
        return f;
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) System.err.println("forward: accept failed: " + e.getMessage());
                return;
            }
            Thread.ofVirtual().name("forward-conn").start(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        try (client; SocketChannel upstream = InNamespace.call(netns, "forward", (arena, err) -> SocketChannel.open())) {
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstream.socket().connect(target, 5_000);
            Thread back = Thread.ofVirtual().name("forward-back").start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException e) {
            // the controller is down or restarting: the client sees its connection close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until end of stream, then half-closes so the other direction can finish. */
    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // both ends are gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
