package org.colo4j.fault;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.Role;

/**
 * Two network namespaces, one per role, joined by a veth pair: the primary's side
 * {@value #PRIMARY_ADDRESS}/24 and the secondary's {@value #SECONDARY_ADDRESS}/24 (TEST-NET-1, only
 * inside the namespaces; the host's own network is not touched). Each namespace also has its
 * loopback up.
 *
 * <p>The link's faults, each undone by {@link #heal()}:
 * <ul>
 *   <li>{@link #partition()}: a silent drop. Each side gets a permanent neighbour entry that maps
 *       the peer's address to a MAC no interface has ({@value #UNUSED_MAC}), so frames go out and
 *       nobody receives them: no RST, no ICMP, TCP just stalls (as when a switch or cable fails).
 *       {@code tc netem} would be the usual tool; it is not in every kernel (not in this one).</li>
 *   <li>{@link #linkDown()}: both veth ends administratively down ({@code ip link set down}); the
 *       connected route goes with them, so sending fails locally (network unreachable).</li>
 * </ul>
 *
 * <p>{@link #close()} deletes both namespaces (the veth goes with them). It is also registered with
 * {@link Cleanup}, so a failed test or an exiting JVM removes them too.
 */
final class NetnsLink implements AutoCloseable {

    static final String PRIMARY_ADDRESS = "192.0.2.1";
    static final String SECONDARY_ADDRESS = "192.0.2.2";
    static final String UNUSED_MAC = "02:00:00:00:00:99";
    private static final String PRIMARY_DEV = "c4j-p";
    private static final String SECONDARY_DEV = "c4j-s";

    private final String primaryNs;
    private final String secondaryNs;
    private final Cleanup.Handle removal;

    private NetnsLink(String primaryNs, String secondaryNs, Cleanup.Handle removal) {
        this.primaryNs = primaryNs;
        this.secondaryNs = secondaryNs;
        this.removal = removal;
    }

    /**
     * Creates the namespaces {@code colo4j-<pid>-<n>-p} and {@code -s} and the veth pair between them,
     * addressed and up.
     *
     * @throws IllegalStateException if {@code ip} fails (e.g. not root); what was created is removed
     */
    static NetnsLink create() {
        Cleanup.sweepStale();
        String stem = Cleanup.uniqueStem();
        String p = stem + "-p";
        String s = stem + "-s";
        List<String> made = new ArrayList<>();
        Cleanup.Handle removal = Cleanup.register("network namespaces " + p + " and " + s, () -> delete(made));
        try {
            Ip.ip("netns", "add", p);
            made.add(p);
            Ip.ip("netns", "add", s);
            made.add(s);
            Ip.ip("link", "add", PRIMARY_DEV, "netns", p, "type", "veth", "peer", "name", SECONDARY_DEV, "netns", s);
            Ip.ip("-n", p, "addr", "add", PRIMARY_ADDRESS + "/24", "dev", PRIMARY_DEV);
            Ip.ip("-n", s, "addr", "add", SECONDARY_ADDRESS + "/24", "dev", SECONDARY_DEV);
            for (String ns : List.of(p, s)) {
                Ip.ip("-n", ns, "link", "set", "lo", "up");
            }
            Ip.ip("-n", p, "link", "set", PRIMARY_DEV, "up");
            Ip.ip("-n", s, "link", "set", SECONDARY_DEV, "up");
            return new NetnsLink(p, s, removal);
        } catch (RuntimeException e) {
            removal.run();
            throw e;
        }
    }

    /** The namespace of {@code role}'s node. */
    String namespace(Role role) {
        return role == Role.PRIMARY ? primaryNs : secondaryNs;
    }

    /** The address of {@code role}'s end of the link. */
    static String address(Role role) {
        return role == Role.PRIMARY ? PRIMARY_ADDRESS : SECONDARY_ADDRESS;
    }

    /** The veth device in {@code role}'s namespace. */
    static String device(Role role) {
        return role == Role.PRIMARY ? PRIMARY_DEV : SECONDARY_DEV;
    }

    /** {@code argv} prefixed so that it runs in {@code role}'s namespace ({@code ip netns exec NS ...}, which execs it). */
    List<String> inNamespace(Role role, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        cmd.addAll(argv);
        return cmd;
    }

    /** Silently drops everything between the nodes, both ways (see the class comment). */
    void partition() {
        for (Role role : Role.values()) {
            Ip.ip("-n", namespace(role), "neigh", "replace", address(role.other()), "lladdr", UNUSED_MAC, "dev", device(role),
                    "nud", "permanent");
        }
    }

    /** Whether {@link #partition()}'s neighbour entries are in place on both sides. */
    boolean isPartitioned() {
        for (Role role : Role.values()) {
            String entry = Ip.ip("-n", namespace(role), "neigh", "show", address(role.other()), "dev", device(role));
            if (!entry.contains(UNUSED_MAC) || !entry.contains("PERMANENT")) {
                return false;
            }
        }
        return true;
    }

    /** Takes both ends of the veth down. */
    void linkDown() {
        for (Role role : Role.values()) {
            Ip.ip("-n", namespace(role), "link", "set", device(role), "down");
        }
    }

    /** Undoes {@link #partition()} and {@link #linkDown()}: links up, neighbour entries gone (learnt again by ARP). */
    void heal() {
        for (Role role : Role.values()) {
            Ip.ip("-n", namespace(role), "link", "set", device(role), "up");
            Ip.tryRun(List.of("ip", "-n", namespace(role), "neigh", "del", address(role.other()), "dev", device(role)));
        }
    }

    /** Whether both namespaces still exist. */
    boolean exists() {
        String list = Ip.ip("netns", "list");
        return list.contains(primaryNs) && list.contains(secondaryNs);
    }

    /** Deletes both namespaces and the veth pair. Harmless when already done. */
    @Override
    public void close() {
        removal.run();
    }

    private static void delete(List<String> namespaces) {
        List<String> failed = new ArrayList<>();
        for (String ns : namespaces) {
            Ip.Result r = Ip.tryRun(List.of("ip", "netns", "del", ns));
            if (r.exit() != 0 && !r.output().contains("No such file")) {
                failed.add(ns + ": " + r.output().strip());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("could not delete network namespaces " + failed);
        }
    }

    @Override
    public String toString() {
        return "NetnsLink{" + primaryNs + " " + PRIMARY_ADDRESS + " <-> " + secondaryNs + " " + SECONDARY_ADDRESS + "}";
    }
}
