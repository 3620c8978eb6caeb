package org.colo4j.testkit;

/**
 * The kind of socket a fake listens on. QEMU offers both; colo4j prefers unix sockets.
 */
public enum FakeTransport {

    /** A unix-domain socket in a fresh temporary directory, deleted on close. */
    UNIX,

    /** A TCP socket on 127.0.0.1 with a port chosen by the operating system. */
    TCP
}
