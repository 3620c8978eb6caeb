package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that need both nodes: every NIC covered on both sides, and every secondary chardev
 * connecting to the right primary chardev (red0 to the mirror's port, red1 to colo-compare's
 * secondary_in port, at the primary's address, with TLS on both ends or neither). Field paths start
 * with {@code primary.} or {@code secondary.}.
 */
final class PairRules {

    private final String primaryAddress;
    private final NodeProxy primary;
    private final NodeProxy secondary;
    private final List<Problem> problems = new ArrayList<>();

    private PairRules(String primaryAddress, NodeProxy primary, NodeProxy secondary) {
        this.primaryAddress = primaryAddress;
        this.primary = primary;
        this.secondary = secondary;
    }

    static List<Problem> check(String primaryAddress, NodeProxy primary, NodeProxy secondary) {
        PairRules r = new PairRules(primaryAddress, primary, secondary);
        r.coverage();
        r.pairing();
        return List.copyOf(r.problems);
    }

    private void error(String field, String message) {
        problems.add(Problem.error(field, message));
    }

    private void coverage() {
        for (GuestNic nic : primary.nics()) {
            if (secondary.nic(nic.netdev()).isEmpty()) {
                error("secondary.nics", "NIC " + nic.netdev() + " is on the primary but not on the secondary; both "
                        + "VMs must have the same NICs");
            }
            if (primary.objects(FilterMirror.class).stream().noneMatch(m -> m.netdev().equals(nic.netdev()))) {
                error("primary.nics[" + nic.netdev() + "]", "NIC " + nic.netdev() + " has no filter-mirror on the "
                        + "primary, so the secondary never sees its input and COLO cannot compare its traffic; "
                        + "mirror every NIC");
            }
        }
        for (GuestNic nic : secondary.nics()) {
            if (primary.nic(nic.netdev()).isEmpty()) {
                error("primary.nics", "NIC " + nic.netdev() + " is on the secondary but not on the primary; both "
                        + "VMs must have the same NICs");
            }
            String n = nic.netdev();
            boolean injects = secondary.objects(FilterRedirector.class).stream()
                    .anyMatch(r -> r.netdev().equals(n) && r.indev() != null);
            boolean returns = secondary.objects(FilterRedirector.class).stream()
                    .anyMatch(r -> r.netdev().equals(n) && r.outdev() != null);
            if (!injects || !returns) {
                error("secondary.nics[" + n + "]", "NIC " + n + " on the secondary lacks a filter-redirector "
                        + (injects ? "sending its output to the primary (outdev)" : "injecting the mirrored input (indev)")
                        + "; every NIC needs both (f1 and f2 in COLO-FT.txt)");
            }
        }
    }

    private void pairing() {
        Map<Integer, String> clientsByPort = new HashMap<>();
        for (FilterRedirector r : secondary.objects(FilterRedirector.class)) {
            if (r.indev() != null) {
                Optional<SocketChardev> server = primary.objects(FilterMirror.class).stream()
                        .filter(m -> m.netdev().equals(r.netdev())).findFirst()
                        .flatMap(m -> primary.chardev(m.outdev()));
                connect(r, r.indev(), server, "the filter-mirror's outdev", clientsByPort);
            }
            if (r.outdev() != null) {
                Optional<SocketChardev> server = compareFor(r.netdev()).flatMap(c -> primary.chardev(c.secondaryIn()));
                connect(r, r.outdev(), server, "colo-compare's secondary_in", clientsByPort);
            }
        }
    }

    private void connect(FilterRedirector r, String clientId, Optional<SocketChardev> server, String role,
            Map<Integer, String> clientsByPort) {
        Optional<SocketChardev> client = secondary.chardev(clientId);
        if (client.isEmpty() || server.isEmpty()) {
            return; // missing chardevs are reported by NodeRules, missing mirrors/compares by coverage()
        }
        SocketChardev c = client.get();
        SocketChardev s = server.get();
        String at = "secondary.chardevs[" + c.id() + "]";
        if (c.server()) {
            error(at, c.id() + " must connect to the primary's " + s.id() + " (" + role + ") but is a server; "
                    + "make it a client");
            return;
        }
        if (!c.host().equals(primaryAddress)) {
            error(at + ".host", c.id() + " connects to " + c.host() + " but the primary's address is "
                    + primaryAddress + "; set its host to " + primaryAddress);
        }
        if (c.port() != s.port()) {
            error(at + ".port", c.id() + " connects to port " + c.port() + " but the primary's " + s.id() + " ("
                    + role + " for netdev " + r.netdev() + ") listens on " + s.port() + "; set its port to " + s.port());
        }
        String other = clientsByPort.putIfAbsent(c.port(), c.id());
        if (other != null) {
            error(at + ".port", c.id() + " and " + other + " both connect to port " + c.port()
                    + ", but a socket chardev takes one client; give each its own primary chardev");
        }
        if (!s.host().equals(primaryAddress) && !QemuText.isWildcard(s.host())) {
            error("primary.chardevs[" + s.id() + "].host", s.id() + " listens on " + s.host() + " but the secondary "
                    + "connects to " + primaryAddress + "; listen on " + primaryAddress + " or 0.0.0.0");
        }
        if ((c.tlsCreds() == null) != (s.tlsCreds() == null)) {
            error(at + ".tlsCreds", "TLS is set on " + (c.tlsCreds() != null ? c.id() : s.id()) + " but not on "
                    + (c.tlsCreds() != null ? "the primary's " + s.id() : c.id()) + ", so the handshake fails; "
                    + "set tls-creds on both ends or on neither");
        }
        if (c.reconnect() == null) {
            problems.add(Problem.warning(at + ".reconnect", c.id() + " does not reconnect: the secondary fails to "
                    + "start unless the primary already listens, and never reconnects after a restart of the primary; "
                    + "set a reconnect interval"));
        }
    }

    /** The primary's colo-compare whose primary_in carries netdev's packets (via redirector outdev). */
    private Optional<ColoCompare> compareFor(String netdev) {
        for (FilterRedirector r : primary.objects(FilterRedirector.class)) {
            if (!r.netdev().equals(netdev) || r.outdev() == null) {
                continue;
            }
            Optional<SocketChardev> server = primary.chardev(r.outdev());
            if (server.isEmpty()) {
                continue;
            }
            int port = server.get().port();
            for (ColoCompare c : primary.objects(ColoCompare.class)) {
                Optional<SocketChardev> in = primary.chardev(c.primaryIn());
                if (in.isPresent() && !in.get().server() && in.get().port() == port) {
                    return Optional.of(c);
                }
            }
        }
        if (primary.nic(netdev).isPresent()) {
            error("primary.objects", "no colo-compare on the primary compares netdev " + netdev + " (none reads the "
                    + "loopback pair its filter-redirector writes to); add one, as comp0 in COLO-FT.txt");
        }
        return Optional.empty();
    }
}
