# A TCP relay that listens in one network namespace and dials in another (the HA fault scenarios use
# it to route the ZooKeeper clients of agents running in the test JVM through the nodes' namespaces).
# usage: relay.py LISTEN_NS LISTEN_ADDR LISTEN_PORT DIAL_NS DIAL_ADDR DIAL_PORT
# A namespace is a path such as /run/netns/NAME or /proc/PID/ns/net. Prints "port N" once listening.
import ctypes, os, socket, sys, threading

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)

def enter(ns):
    fd = os.open(ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
    finally:
        os.close(fd)

def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass

def main():
    lns, laddr, lport, dns, daddr, dport = sys.argv[1:7]
    enter(lns)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((laddr, int(lport)))
    server.listen(16)
    enter(dns)
    print("port %d" % server.getsockname()[1], flush=True)
    while True:
        client, _ = server.accept()
        try:
            upstream = socket.create_connection((daddr, int(dport)), timeout=2)
            upstream.settimeout(None)
        except OSError:
            client.close()
            continue
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()

main()
