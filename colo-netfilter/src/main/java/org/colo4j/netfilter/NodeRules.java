package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks one node must pass on its own. Field paths are relative to the node:
 * {@code nics[hn0].vhost}, {@code chardevs[mirror0].port}, {@code objects[m0].outdev}.
 */
final class NodeRules {

    private final NodeProxy node;
    private final List<Problem> problems = new ArrayList<>();

    private NodeRules(NodeProxy node) {
        this.node = node;
    }

    /** Every error and warning of {@code node}, errors and warnings mixed, in a stable order. */
    static List<Problem> check(NodeProxy node) {
        NodeRules r = new NodeRules(node);
        r.nics();
        r.chardevs();
        r.objects();
        r.loopbackPairs();
        r.exposure();
        return List.copyOf(r.problems);
    }

    private void error(String field, String message) {
        problems.add(Problem.error(field, message));
    }

    private void nics() {
        Set<String> seen = new HashSet<>();
        for (GuestNic nic : node.nics()) {
            String at = "nics[" + nic.netdev() + "]";
            identifier(at + ".netdev", "netdev", nic.netdev());
            if (!seen.add(nic.netdev())) {
                error(at + ".netdev", "netdev '" + nic.netdev() + "' is listed twice; list each guest NIC once");
            }
            if (nic.vhost()) {
                error(at + ".vhost", "netdev '" + nic.netdev() + "' uses vhost, whose packets bypass QEMU's net "
                        + "filters (QEMU: \"Vhost is not supported\"); start the netdev with vhost=off");
            }
            if (nic.queues() != 1) {
                error(at + ".queues", "netdev '" + nic.netdev() + "' has " + nic.queues() + " queues but net filters "
                        + "and colo-compare only handle a single queue (QEMU: \"multiqueue is not supported\"); "
                        + "use queues=1");
            }
        }
    }

    private void chardevs() {
        Set<String> ids = new HashSet<>();
        Map<Integer, String> listeners = new HashMap<>();
        for (SocketChardev c : node.chardevs()) {
            String at = "chardevs[" + c.id() + "]";
            identifier(at + ".id", "chardev", c.id());
            if (!ids.add(c.id())) {
                error(at + ".id", "chardev id '" + c.id() + "' is used twice on this node; give each chardev its own id");
            }
            if (c.host().isBlank()) {
                error(at + ".host", "chardev " + c.id() + " has no host; set the address to "
                        + (c.server() ? "listen on" : "connect to"));
            } else if (QemuText.hasControlBreak(c.host())) {
                error(at + ".host", "chardev " + c.id() + "'s host contains a newline or NUL; use a plain address");
            }
            port(at + ".port", c);
            if (c.tlsCreds() != null && !QemuText.isIdentifier(c.tlsCreds())) {
                error(at + ".tlsCreds", "tls-creds '" + c.tlsCreds() + "' is not a QEMU identifier; "
                        + QemuText.identifierRule());
            }
            if (c.server()) {
                if (c.reconnect() != null) {
                    error(at + ".reconnect", "server chardev " + c.id() + " cannot reconnect (QEMU refuses "
                            + "'reconnect' with server=on); remove reconnect or make it a client");
                }
                String other = listeners.putIfAbsent(c.port(), c.id());
                if (other != null && validPort(c.port())) {
                    error(at + ".port", "port " + c.port() + " is already listened on by chardev " + other
                            + " on this host (QEMU: \"Address already in use\"); give each server chardev its own port");
                }
            } else {
                if (c.waitForClient()) {
                    error(at + ".waitForClient", "client chardev " + c.id() + " cannot wait for a connection "
                            + "(QEMU: 'wait' is incompatible with client mode); set waitForClient false");
                }
                if (c.reconnect() != null && (c.reconnect().isNegative() || c.reconnect().isZero())) {
                    error(at + ".reconnect", "reconnect interval " + c.reconnect() + " of chardev " + c.id()
                            + " must be positive; use e.g. Duration.ofSeconds(1), or null for no reconnect");
                }
            }
        }
    }

    private void objects() {
        Set<String> ids = new HashSet<>();
        Set<String> declared = new HashSet<>();
        Map<String, String> chardevUser = new HashMap<>();
        for (ProxyObject o : node.objects()) {
            String at = "objects[" + o.id() + "]";
            identifier(at + ".id", "object", o.id());
            if (!ids.add(o.id())) {
                error(at + ".id", "object id '" + o.id() + "' is used twice on this node; give each object its own id");
            }
            for (Map.Entry<String, String> ref : o.chardevReferences().entrySet()) {
                String chardev = ref.getValue();
                if (node.chardev(chardev).isEmpty()) {
                    error(at + "." + ref.getKey(), o.qomType() + " " + o.id() + "'s " + ref.getKey() + " names chardev '"
                            + chardev + "', which this node does not have; add the chardev or use one of "
                            + node.chardevs().stream().map(SocketChardev::id).toList());
                    continue;
                }
                String user = chardevUser.putIfAbsent(chardev, o.id());
                if (user != null) {
                    error(at + "." + ref.getKey(), "chardev " + chardev + " is already used by " + user
                            + " (QEMU: \"Device '" + chardev + "' is in use\"); give " + o.id() + " its own chardev");
                }
            }
            if (o instanceof NetFilter f) {
                filter(at, f, declared);
            }
            if (o instanceof FilterRedirector r) {
                if (r.indev() == null && r.outdev() == null) {
                    error(at + ".indev", "filter-redirector " + r.id() + " has neither indev nor outdev; set one of them");
                } else if (r.indev() != null && r.indev().equals(r.outdev())) {
                    error(at + ".outdev", "filter-redirector " + r.id() + " reads and writes the same chardev "
                            + r.indev() + " (QEMU: \"'indev' and 'outdev' could not be same\"); use two chardevs");
                }
            }
            if (o instanceof ColoCompare c) {
                Optional<ProxyObject> io = node.object(c.iothread());
                if (io.isEmpty() || !(io.get() instanceof IoThread)) {
                    error(at + ".iothread", "colo-compare " + c.id() + "'s iothread '" + c.iothread()
                            + "' is not an iothread object of this node; add IoThread(\"" + c.iothread() + "\") before it");
                } else if (!declared.contains(c.iothread())) {
                    error(at + ".iothread", "iothread " + c.iothread() + " is created after colo-compare " + c.id()
                            + " that runs in it; add the iothread first");
                }
            }
            declared.add(o.id());
        }
    }

    private void filter(String at, NetFilter f, Set<String> declared) {
        Optional<GuestNic> nic = node.nic(f.netdev());
        if (nic.isEmpty()) {
            error(at + ".netdev", f.qomType() + " " + f.id() + " attaches to netdev '" + f.netdev()
                    + "', which is not a NIC of this node; add GuestNic " + f.netdev() + " or use one of "
                    + node.nics().stream().map(GuestNic::netdev).toList());
        } else if (nic.get().model().isVirtioNet() && !f.vnetHdrSupport()) {
            error(at + ".vnetHdrSupport", f.qomType() + " " + f.id() + " filters virtio-net NIC " + f.netdev()
                    + ", whose packets carry a virtio-net header; set vnet_hdr_support on (withVnetHdrSupport(true))");
        }
        FilterPlacement p = f.placement();
        if (p != null) {
            Optional<ProxyObject> anchor = node.object(p.anchorId());
            if (anchor.isEmpty() || !(anchor.get() instanceof NetFilter a) || !a.netdev().equals(f.netdev())) {
                error(at + ".placement", f.id() + " is to be inserted " + p.insert() + " '" + p.anchorId()
                        + "', which is not a filter on netdev " + f.netdev() + " of this node; name one of "
                        + node.objects(NetFilter.class).stream().filter(x -> x.netdev().equals(f.netdev()))
                        .map(NetFilter::id).filter(id -> !id.equals(f.id())).toList());
            } else if (!declared.contains(p.anchorId())) {
                error(at + ".placement", f.id() + " is to be inserted next to " + p.anchorId()
                        + ", which is created after it; create " + p.anchorId() + " first");
            }
        }
    }

    /**
     * colo-compare's primary_in and outdev are the client ends of loopback pairs: each must connect to
     * the port a server chardev of this node listens on, and that server must be the redirector's end.
     */
    private void loopbackPairs() {
        for (ColoCompare c : node.objects(ColoCompare.class)) {
            String at = "objects[" + c.id() + "]";
            pair(at + ".primary_in", c, "primary_in", c.primaryIn(), true);
            pair(at + ".outdev", c, "outdev", c.outdev(), false);
            node.chardev(c.secondaryIn()).filter(s -> !s.server()).ifPresent(s -> error(at + ".secondary_in",
                    "colo-compare " + c.id() + "'s secondary_in " + s.id() + " is a client, but the secondary "
                            + "connects to it; make " + s.id() + " a server chardev"));
        }
    }

    private void pair(String at, ColoCompare c, String role, String clientId, boolean redirectorWrites) {
        Optional<SocketChardev> client = node.chardev(clientId);
        if (client.isEmpty()) {
            return; // reported as a missing reference
        }
        SocketChardev cl = client.get();
        if (cl.server()) {
            error(at, "colo-compare " + c.id() + "'s " + role + " " + cl.id() + " is a server; it must be the client "
                    + "end of a loopback pair (as compare0-0 / compare_out0 in COLO-FT.txt); make it a client");
            return;
        }
        List<SocketChardev> servers = node.chardevs().stream()
                .filter(s -> s.server() && s.port() == cl.port()).toList();
        if (servers.size() > 1) {
            return; // ambiguous: the port is listened on twice, which is reported on its own
        }
        Optional<SocketChardev> server = servers.stream().findFirst();
        if (server.isEmpty()) {
            error("chardevs[" + cl.id() + "].port", "loopback client " + cl.id() + " (colo-compare " + c.id() + "'s "
                    + role + ") connects to port " + cl.port() + " but no server chardev of this node listens on it; "
                    + "a loopback pair uses one port: set it to its server's port");
            return;
        }
        if (!QemuText.isLoopback(cl.host()) && !cl.host().equals(server.get().host())) {
            error("chardevs[" + cl.id() + "].host", "loopback client " + cl.id() + " connects to " + cl.host()
                    + " but its server " + server.get().id() + " listens on " + server.get().host()
                    + "; use 127.0.0.1 for both ends");
        }
        String sid = server.get().id();
        boolean fed = node.objects(FilterRedirector.class).stream()
                .anyMatch(r -> sid.equals(redirectorWrites ? r.outdev() : r.indev()));
        if (!fed) {
            error("chardevs[" + sid + "]", "server " + sid + " pairs with colo-compare " + c.id() + "'s " + role
                    + " " + cl.id() + " but no filter-redirector " + (redirectorWrites ? "writes to it (outdev)"
                    : "reads from it (indev)") + "; use it as the redirector's " + (redirectorWrites ? "outdev" : "indev"));
        }
        if (!redirectorWrites) {
            return; // the NIC's header format is checked once, on the primary_in side
        }
        Optional<FilterRedirector> feeder = node.objects(FilterRedirector.class).stream()
                .filter(r -> sid.equals(r.outdev())).findFirst();
        feeder.flatMap(r -> node.nic(r.netdev())).filter(n -> n.model().isVirtioNet() && !c.vnetHdrSupport())
                .ifPresent(n -> error("objects[" + c.id() + "].vnetHdrSupport", "colo-compare " + c.id()
                        + " compares packets of virtio-net NIC " + n.netdev() + ", which carry a virtio-net header; "
                        + "set vnet_hdr_support on (withVnetHdrSupport(true))"));
    }

    private void exposure() {
        for (SocketChardev c : node.chardevs()) {
            if (c.server() && c.tlsCreds() == null && !QemuText.isLoopback(c.host()) && !c.host().isBlank()) {
                problems.add(Problem.warning("chardevs[" + c.id() + "].host", "chardev " + c.id() + " listens on "
                        + c.address() + (QemuText.isWildcard(c.host()) ? " (every interface)" : "")
                        + " without TLS: anyone who reaches the port can read or inject guest packets; set tls-creds "
                        + "or listen on a private replication network only"));
            }
        }
    }

    private void identifier(String field, String what, String id) {
        if (!QemuText.isIdentifier(id)) {
            error(field, what + " id '" + printable(id) + "' is not a QEMU identifier; " + QemuText.identifierRule());
        }
    }

    private void port(String field, SocketChardev c) {
        if (!validPort(c.port())) {
            error(field, "port " + c.port() + " of chardev " + c.id() + " is not a TCP port; use an integer from 1 to 65535");
        }
    }

    static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

    static String printable(String s) {
        return s.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0");
    }
}
