package org.colo4j;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.netfilter.ColoProxy;
import org.colo4j.netfilter.ProxyIds;
import org.colo4j.netfilter.ProxyNic;

/**
 * The warnings about COLO's channels that cross the network in plain text: for every channel on a
 * non-loopback address, one warning naming the node that serves it, the channel and what an
 * eavesdropper or intruder gets. Loopback is exempt: it never leaves the host.
 *
 * <ul>
 *   <li>the secondary's NBD server, {@code secondary.nbdPort}: the primary writes the guest's disks
 *       through it, so anyone who reaches it can read and overwrite them;
 *   <li>the secondary's incoming migration, {@code secondary.migrationPort}: every checkpoint carries
 *       the guest's RAM and device state;
 *   <li>the primary's proxy servers, {@code nics[i].ports.mirror} and {@code nics[i].ports.secondaryIn}:
 *       the guest's packets, both ways (unless the proxy has TLS).
 * </ul>
 */
final class PlainTextChannels {

    private PlainTextChannels() {}

    /**
     * The warnings for a pair; {@code proxy} may be null (when it failed validation) and
     * {@code tls} (null when off) says which channels carry TLS: those get no warning.
     */
    static List<ColoProblem> warnings(ColoNode primary, ColoNode secondary, ColoProxy proxy, ColoTls tls) {
        List<ColoProblem> w = new ArrayList<>();
        boolean proxyTls = tls != null && tls.coversProxy();
        if (exposed(secondary) && (tls == null || !tls.coversNbd())) {
            w.add(new ColoProblem("secondary.nbdPort", "the secondary '" + secondary.name() + "' serves the NBD disk"
                    + " replication on " + where(secondary, secondary.nbdPort()) + " in plain text, unauthenticated and"
                    + " writable: anyone who reaches it can read and overwrite the guest's disks. Keep it on a private"
                    + " replication network or an encrypted tunnel between the hosts, and firewall the port to the"
                    + " primary's address, or set tls(...) on the spec"));
        }
        if (exposed(secondary) && (tls == null || !tls.coversMigration())) {
            w.add(new ColoProblem("secondary.migrationPort", "the secondary '" + secondary.name() + "' takes the"
                    + " migration stream on " + where(secondary, secondary.migrationPort()) + " in plain text: every"
                    + " checkpoint carries the guest's RAM (keys, passwords, everything in memory) and anyone who reaches"
                    + " the port first can feed it a guest. Keep it on a private replication network or an encrypted"
                    + " tunnel, and firewall the port to the primary's address, or set tls(...) on the spec"));
        }
        if (proxy != null && !proxyTls && exposed(primary)) {
            for (int i = 0; i < proxy.nics().size(); i++) {
                ProxyNic nic = proxy.nics().get(i);
                ProxyIds ids = nic.ids();
                String at = "nics[" + i + "].ports.";
                w.add(proxyWarning(primary, at + "mirror", ids.mirrorOut(), nic.ports().mirror(),
                        "the primary's incoming guest packets (" + nic.netdev() + ") to the secondary"));
                w.add(proxyWarning(primary, at + "secondaryIn", ids.secondaryIn(), nic.ports().secondaryIn(),
                        "the secondary's guest packets (" + nic.netdev() + ") back for comparison"));
            }
        }
        return w;
    }

    private static ColoProblem proxyWarning(ColoNode primary, String field, String chardev, int port, String what) {
        return new ColoProblem(field, "the primary '" + primary.name() + "' serves the COLO proxy channel " + chardev
                + " on " + where(primary, port) + " in plain text, carrying " + what + ": anyone who reaches it can read"
                + " or inject guest packets. Set tls(...) on the spec, or keep it on a private replication network");
    }

    /** Whether the node's servers listen, or are reached, beyond loopback. */
    private static boolean exposed(ColoNode node) {
        return !ColoNode.Builder.isLoopback(node.listenAddress()) || !ColoNode.Builder.isLoopback(node.address());
    }

    private static String where(ColoNode node, int port) {
        String listen = node.listenAddress();
        boolean wildcard = listen.equals("0.0.0.0") || listen.equals("::");
        return bracket(listen) + ":" + port + (wildcard ? " (every interface)" : "")
                + (listen.equals(node.address()) ? "" : ", reached at " + bracket(node.address()) + ":" + port);
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
