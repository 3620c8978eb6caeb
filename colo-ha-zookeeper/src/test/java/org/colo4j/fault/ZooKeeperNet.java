package org.colo4j.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.colo4j.Role;

/**
 * Puts a ZooKeeper server within reach of the fault pair's namespaces, so that cutting a node's network
 * cuts its agent's ZooKeeper session too. A third namespace ({@code <stem>-z}) is joined to each node's
 * namespace by a veth pair of its own (TEST-NET-2: the primary's link 198.51.100.0/30, the secondary's
 * 198.51.100.4/30); in it a relay listens on port 2181 and forwards to the server (curator-test's
 * TestingServer in this JVM, so in this JVM's namespace, on loopback). The agents run in this JVM too:
 * each one's ZooKeeper client connects to a loopback relay of its own that dials out from its node's
 * namespace, so its traffic crosses that namespace's link to {@code z}.
 *
 * <pre>
 *   agent(P) -> 127.0.0.1:a  =relay dials in ns P=>  198.51.100.1:2181 (ns z)  =relay dials here=>  ZooKeeper
 *   agent(S) -> 127.0.0.1:b  =relay dials in ns S=>  198.51.100.5:2181 (ns z)  =relay dials here=>  ZooKeeper
 * </pre>
 *
 * <p>{@link #isolate(Role)} drops everything on a node's link to {@code z} silently (the neighbour-entry
 * trick of {@link NetnsLink#partition()}); {@link #heal()} undoes it. The relays are python3 processes
 * ({@code relay.py} next to this class), killed by pid on {@link #close()}; the namespace is deleted.
 */
final class ZooKeeperNet implements AutoCloseable {

    static final int PORT = 2181;
    private static final Map<Role, String[]> ADDRESSES = Map.of(
            Role.PRIMARY, new String[] {"198.51.100.1", "198.51.100.2", "c4j-zp", "c4j-pz"},
            Role.SECONDARY, new String[] {"198.51.100.5", "198.51.100.6", "c4j-zs", "c4j-sz"});

    private final NetnsLink link;
    private final String zns;
    private final Cleanup.Handle removal;
    private final List<Cleanup.Handle> relays = new ArrayList<>();
    private final Map<Role, Integer> agentPorts = new EnumMap<>(Role.class);

    private ZooKeeperNet(NetnsLink link, String zns, Cleanup.Handle removal) {
        this.link = link;
        this.zns = zns;
        this.removal = removal;
    }

    /** Makes namespace {@code z}, its links to both nodes' namespaces and the relays to the server on {@code zkPort}. */
    static ZooKeeperNet create(NetnsLink link, int zkPort, Path dir) {
        String zns = link.namespace(Role.PRIMARY).replaceAll("-p$", "-z");
        Cleanup.Handle removal = Cleanup.register("network namespace " + zns,
                () -> Ip.tryRun(List.of("ip", "netns", "del", zns)));
        ZooKeeperNet net = new ZooKeeperNet(link, zns, removal);
        try {
            Ip.ip("netns", "add", zns);
            Ip.ip("-n", zns, "link", "set", "lo", "up");
            for (Role role : Role.values()) {
                String[] a = ADDRESSES.get(role);
                String ns = link.namespace(role);
                Ip.ip("link", "add", a[2], "netns", zns, "type", "veth", "peer", "name", a[3], "netns", ns);
                Ip.ip("-n", zns, "addr", "add", a[0] + "/30", "dev", a[2]);
                Ip.ip("-n", ns, "addr", "add", a[1] + "/30", "dev", a[3]);
                Ip.ip("-n", zns, "link", "set", a[2], "up");
                Ip.ip("-n", ns, "link", "set", a[3], "up");
            }
            Path script = dir.resolve("relay.py");
            try (InputStream in = ZooKeeperNet.class.getResourceAsStream("relay.py")) {
                Files.createDirectories(dir);
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            String here = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
            net.relay(script, "/run/netns/" + zns, "0.0.0.0", PORT, here, "127.0.0.1", zkPort, dir.resolve("relay-z.log"));
            for (Role role : Role.values()) {
                int port = net.relay(script, here, "127.0.0.1", 0, "/run/netns/" + link.namespace(role),
                        ADDRESSES.get(role)[0], PORT, dir.resolve("relay-" + role + ".log"));
                net.agentPorts.put(role, port);
            }
            return net;
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The connect string for the agent of {@code role}'s node: its relay on loopback. */
    String connectString(Role role) {
        return "127.0.0.1:" + agentPorts.get(role);
    }

    /** Silently drops everything between {@code role}'s namespace and {@code z}, both ways. */
    void isolate(Role role) {
        String[] a = ADDRESSES.get(role);
        Ip.ip("-n", link.namespace(role), "neigh", "replace", a[0], "lladdr", NetnsLink.UNUSED_MAC, "dev", a[3], "nud", "permanent");
        Ip.ip("-n", zns, "neigh", "replace", a[1], "lladdr", NetnsLink.UNUSED_MAC, "dev", a[2], "nud", "permanent");
    }

    /** Undoes {@link #isolate(Role)} for both nodes. */
    void heal() {
        for (Role role : Role.values()) {
            String[] a = ADDRESSES.get(role);
            Ip.tryRun(List.of("ip", "-n", link.namespace(role), "neigh", "del", a[0], "dev", a[3]));
            Ip.tryRun(List.of("ip", "-n", zns, "neigh", "del", a[1], "dev", a[2]));
        }
    }

    private int relay(Path script, String listenNs, String addr, int port, String dialNs, String dialAddr, int dialPort,
                      Path log) throws IOException {
        Process p = new ProcessBuilder("python3", script.toString(), listenNs, addr, Integer.toString(port), dialNs, dialAddr,
                Integer.toString(dialPort)).redirectError(log.toFile()).start();
        relays.add(Cleanup.register("relay " + script + " (pid " + p.pid() + ")", () -> killAndWait(p)));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IllegalStateException("relay " + listenNs + " " + addr + ":" + port + " -> " + dialNs + " " + dialAddr
                    + ":" + dialPort + " did not start: " + Files.readString(log));
        }
        return Integer.parseInt(line.substring(5).strip());
    }

    /** Kills the relays (by pid) and deletes namespace {@code z}. */
    @Override
    public void close() {
        relays.forEach(Cleanup.Handle::run);
        removal.run();
    }

    private static void killAndWait(Process p) {
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
