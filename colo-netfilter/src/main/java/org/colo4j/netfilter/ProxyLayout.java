package org.colo4j.netfilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * COLO-FT.txt's proxy layout: turns resolved {@link ProxyNic}s into the primary's and secondary's
 * {@link NodeProxy}, and remembers which user-facing field every generated value came from, so
 * node-level problems can be reported as {@code nics[1].ports.mirror} rather than
 * {@code primary.chardevs[nic1-mirror0].port}.
 */
final class ProxyLayout {

    static final String LOOPBACK = "127.0.0.1";

    /** The pair-wide settings of {@link ColoProxy.Builder}. */
    record Settings(String primaryAddress, String listenAddress, boolean waitForSecondary, Duration reconnect,
            String serverTlsCreds, String clientTlsCreds) {}

    private final Settings settings;
    private final List<GuestNic> nics = new ArrayList<>();
    private final List<SocketChardev> primaryChardevs = new ArrayList<>();
    private final List<ProxyObject> primaryObjects = new ArrayList<>();
    private final List<SocketChardev> secondaryChardevs = new ArrayList<>();
    private final List<ProxyObject> secondaryObjects = new ArrayList<>();
    private final Map<String, String> origins = new HashMap<>();

    private ProxyLayout(Settings settings) {
        this.settings = settings;
    }

    /** Lays out {@code resolvedNics} (ports and ids filled in). */
    static ProxyLayout of(Settings settings, List<ProxyNic> resolvedNics) {
        ProxyLayout layout = new ProxyLayout(settings);
        for (int i = 0; i < resolvedNics.size(); i++) {
            layout.add(i, resolvedNics.get(i));
        }
        return layout;
    }

    NodeProxy primary() {
        return NodeProxy.unchecked(nics, primaryChardevs, primaryObjects);
    }

    NodeProxy secondary() {
        return NodeProxy.unchecked(nics, secondaryChardevs, secondaryObjects);
    }

    /** {@code problem} with its field translated to the user-facing path when it came from a NIC. */
    Problem translate(Problem problem) {
        String user = origins.get(problem.field());
        return user == null ? problem : new Problem(problem.severity(), user, problem.message());
    }

    private void add(int i, ProxyNic nic) {
        String at = "nics[" + i + "]";
        ProxyIds id = nic.ids();
        ProxyPorts port = nic.ports();
        String netdev = nic.netdev();
        boolean vnet = nic.model().isVirtioNet();
        nics.add(nic.guestNic());
        for (String node : List.of("primary.", "secondary.")) {
            origins.put(node + "nics[" + netdev + "].netdev", at + ".netdev");
            origins.put(node + "nics[" + netdev + "].vhost", at + ".vhost");
            origins.put(node + "nics[" + netdev + "].queues", at + ".queues");
        }

        String listen = settings.listenAddress();
        primaryChardev(at, SocketChardev.server(id.mirrorOut(), listen, port.mirror())
                .withTlsCreds(settings.serverTlsCreds()), "mirrorOut", "mirror", "listenAddress");
        primaryChardev(at, SocketChardev.server(id.secondaryIn(), listen, port.secondaryIn())
                .withWaitForClient(settings.waitForSecondary()).withTlsCreds(settings.serverTlsCreds()),
                "secondaryIn", "secondaryIn", "listenAddress");
        primaryChardev(at, SocketChardev.server(id.primaryInServer(), LOOPBACK, port.primaryIn()),
                "primaryInServer", "primaryIn", null);
        primaryChardev(at, SocketChardev.client(id.primaryInClient(), LOOPBACK, port.primaryIn()),
                "primaryInClient", "primaryIn", null);
        primaryChardev(at, SocketChardev.server(id.compareOutServer(), LOOPBACK, port.compareOut()),
                "compareOutServer", "compareOut", null);
        primaryChardev(at, SocketChardev.client(id.compareOutClient(), LOOPBACK, port.compareOut()),
                "compareOutClient", "compareOut", null);

        primaryObject(at, FilterMirror.of(id.mirror(), netdev, FilterQueue.TX, id.mirrorOut())
                .withVnetHdrSupport(vnet), "mirror");
        primaryObject(at, FilterRedirector.in(id.releaseRedirector(), netdev, FilterQueue.RX, id.compareOutServer())
                .withVnetHdrSupport(vnet), "releaseRedirector");
        primaryObject(at, FilterRedirector.out(id.compareRedirector(), netdev, FilterQueue.RX, id.primaryInServer())
                .withVnetHdrSupport(vnet), "compareRedirector");
        primaryObject(at, new IoThread(id.iothread()), "iothread");
        primaryObject(at, ColoCompare.of(id.compare(), id.primaryInClient(), id.secondaryIn(), id.compareOutClient(),
                id.iothread()).withVnetHdrSupport(vnet), "compare");

        secondaryChardev(at, SocketChardev.client(id.mirrorIn(), settings.primaryAddress(), port.mirror())
                .withReconnect(settings.reconnect()).withTlsCreds(settings.clientTlsCreds()), "mirrorIn", "mirror");
        secondaryChardev(at, SocketChardev.client(id.secondaryOut(), settings.primaryAddress(), port.secondaryIn())
                .withReconnect(settings.reconnect()).withTlsCreds(settings.clientTlsCreds()), "secondaryOut",
                "secondaryIn");
        secondaryObject(at, FilterRedirector.in(id.injectRedirector(), netdev, FilterQueue.TX, id.mirrorIn())
                .withVnetHdrSupport(vnet), "injectRedirector");
        secondaryObject(at, FilterRedirector.out(id.outputRedirector(), netdev, FilterQueue.RX, id.secondaryOut())
                .withVnetHdrSupport(vnet), "outputRedirector");
        secondaryObject(at, FilterRewriter.of(id.rewriter(), netdev, FilterQueue.ALL).withVnetHdrSupport(vnet),
                "rewriter");
    }

    private void primaryChardev(String at, SocketChardev c, String idField, String portField, String hostField) {
        primaryChardevs.add(c);
        chardevOrigins("primary.", at, c, idField, portField, hostField);
        if (c.tlsCreds() != null) {
            origins.put("primary.chardevs[" + c.id() + "].tlsCreds", "tls");
        }
    }

    private void secondaryChardev(String at, SocketChardev c, String idField, String portField) {
        secondaryChardevs.add(c);
        chardevOrigins("secondary.", at, c, idField, portField, "primaryAddress");
        origins.put("secondary.chardevs[" + c.id() + "].reconnect", "reconnect");
        if (c.tlsCreds() != null) {
            origins.put("secondary.chardevs[" + c.id() + "].tlsCreds", "tls");
        }
    }

    private void chardevOrigins(String node, String at, SocketChardev c, String idField, String portField,
            String hostField) {
        String key = node + "chardevs[" + c.id() + "]";
        origins.put(key + ".id", at + ".ids." + idField);
        origins.putIfAbsent(key + ".port", at + ".ports." + portField);
        if (hostField != null) {
            origins.put(key + ".host", hostField);
        }
    }

    private void primaryObject(String at, ProxyObject o, String idField) {
        primaryObjects.add(o);
        origins.put("primary.objects[" + o.id() + "].id", at + ".ids." + idField);
        origins.put("primary.objects[" + o.id() + "].netdev", at + ".netdev");
    }

    private void secondaryObject(String at, ProxyObject o, String idField) {
        secondaryObjects.add(o);
        origins.put("secondary.objects[" + o.id() + "].id", at + ".ids." + idField);
        origins.put("secondary.objects[" + o.id() + "].netdev", at + ".netdev");
    }
}
