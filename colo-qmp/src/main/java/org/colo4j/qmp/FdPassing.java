package org.colo4j.qmp;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Sends a command line with file descriptors attached (SCM_RIGHTS) over a connection opened with the
 * JDK's unix-domain {@link SocketChannel}, which cannot send them itself: junixsocket writes on a
 * duplicate of the channel's descriptor (the same socket). The only class of colo-qmp that touches
 * junixsocket, so its native library is loaded on the first {@code executeWithFds}, never to connect.
 *
 * <p>The JDK does not expose a channel's descriptor; it is read from the channel's {@code fd} field
 * through {@code sun.misc.Unsafe} (module jdk.unsupported), without opening java.base.
 */
final class FdPassing implements Closeable {

    private final AFUNIXSocketChannel socket;

    private FdPassing(AFUNIXSocketChannel socket) {
        this.socket = socket;
    }

    static FdPassing over(SocketChannel channel) throws IOException {
        FileDescriptor fd = descriptorOf(channel);
        AFUNIXSocketChannel socket = FileDescriptorCast.duplicating(fd).as(AFUNIXSocketChannel.class);
        // The duplicate shares the socket's file status flags with the JDK channel, which must stay
        // non-blocking (its reader waits in a selector, never in read).
        socket.configureBlocking(false);
        return new FdPassing(socket);
    }

    /**
     * Writes {@code line} with {@code fds} attached to its first byte. The socket is non-blocking:
     * when its buffer is full (QEMU does not read), waits a millisecond at a time for room.
     */
    void write(byte[] line, FileDescriptor[] fds) throws IOException {
        socket.setOutboundFileDescriptors(fds);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            if (socket.write(buf) == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending file descriptors", e);
                }
            }
        }
    }

    /** Closes the duplicate only; the channel stays open. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the channel is closing too
        }
    }

    private static FileDescriptor descriptorOf(SocketChannel channel) throws IOException {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            Field fdField = null;
            for (Class<?> c = channel.getClass(); c != null && fdField == null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getType() == FileDescriptor.class && f.getName().equals("fd")) {
                        fdField = f;
                    }
                }
            }
            if (fdField == null) {
                throw new IOException("no fd field in " + channel.getClass().getName());
            }
            Method offset = unsafeClass.getMethod("objectFieldOffset", Field.class);
            Method getObject = unsafeClass.getMethod("getObject", Object.class, long.class);
            Object fd = getObject.invoke(unsafe, channel, (long) (Long) offset.invoke(unsafe, fdField));
            if (!(fd instanceof FileDescriptor descriptor) || !descriptor.valid()) {
                throw new IOException("the channel's descriptor is not valid: " + fd);
            }
            return descriptor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JVM does not let colo4j pass file descriptors over a JDK unix socket ("
                    + e + "); please report it with the JDK's version", e);
        }
    }
}
