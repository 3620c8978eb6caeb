package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.command.ChardevAdd;
import org.colo4j.qmp.command.ChardevBackend;
import org.colo4j.qmp.command.ChardevRemove;
import org.colo4j.qmp.command.ChardevSocket;
import org.colo4j.qmp.command.ObjectAdd;
import org.colo4j.qmp.command.ObjectDel;
import org.colo4j.qmp.command.SocketAddressLegacy;

/**
 * The QMP sequences of COLO-FT.txt that touch the proxy, for one node, in the dialect of that node's
 * QEMU: {@code object-add} flat since QEMU 6.0 and with nested {@code props} before; chardev retries
 * as {@code reconnect} (seconds) before 9.2 and {@code reconnect-ms} since.
 *
 * <pre>{@code
 * ProxyPlans plans = ProxyPlans.forClient(qmp);                  // dialect from the connected QEMU
 * plans.secondaryFailover(proxy.secondary()).run(qmp);           // object-del f2, f1; chardev-remove red1, red0
 * ColoProxy next = ...;                                          // this node is now the primary
 * plans.promoteToPrimary(next.primary()).run(qmp);               // chardev-add mirror0 ... compare_out0
 * plans.resumeAfterPromotion(next.primary(), proxy.secondary()).run(qmp);  // object-add ..., insert before rew0
 * }</pre>
 *
 * <p>Plans are values (see {@link ProxyPlan}); building one sends nothing. Deterministic, immutable
 * and thread-safe.
 */
public final class ProxyPlans {

    private final QemuDialect dialect;

    private ProxyPlans(QemuVersion version) {
        this.dialect = new QemuDialect(Objects.requireNonNull(version, "version"));
    }

    /** Plans for a QEMU of {@code version}. */
    public static ProxyPlans forVersion(QemuVersion version) {
        return new ProxyPlans(version);
    }

    /** Plans for the QEMU {@code qmp} is connected to (version from its greeting). */
    public static ProxyPlans forClient(QmpClient qmp) {
        return new ProxyPlans(qmp.greeting().version());
    }

    /** The QEMU version planned for. */
    public QemuVersion version() {
        return dialect.version();
    }

    /**
     * Primary failover (the secondary died): removes the primary's proxy so the primary's NICs talk to
     * the network directly again: {@code object-del} of every colo-compare, then every iothread, then
     * every net filter (COLO-FT.txt: comp0, iothread1, m0, redire0, redire1). The chardevs stay for a
     * later {@link #resumeReplication}. Run it before {@code x-colo-lost-heartbeat}.
     */
    public ProxyPlan primaryFailover(NodeProxy primary) {
        List<ProxyStep> steps = new ArrayList<>();
        List<ProxyObject> order = new ArrayList<>(primary.objects());
        order.sort(Comparator.comparingInt(ProxyPlans::teardownRank));
        for (ProxyObject o : order) {
            steps.add(new ProxyStep(new ObjectDel(o.id()), "remove " + o.qomType() + " " + o.id(), o.id()));
        }
        return new ProxyPlan("primary failover: remove the primary's COLO proxy", steps);
    }

    /**
     * Secondary failover (the primary died), after {@code x-colo-lost-heartbeat}: removes the
     * filter-redirectors and their chardevs, newest first (COLO-FT.txt: object-del f2, f1;
     * chardev-remove red1, red0). The filter-rewriter stays; a later primary proxy is inserted before
     * it ({@link #resumeAfterPromotion}).
     */
    public ProxyPlan secondaryFailover(NodeProxy secondary) {
        List<ProxyStep> steps = new ArrayList<>();
        List<FilterRedirector> redirectors = new ArrayList<>(secondary.objects(FilterRedirector.class));
        Collections.reverse(redirectors);
        List<String> used = new ArrayList<>();
        for (FilterRedirector r : redirectors) {
            steps.add(new ProxyStep(new ObjectDel(r.id()), "remove filter-redirector " + r.id(), r.id()));
            used.addAll(r.chardevReferences().values());
        }
        List<SocketChardev> chardevs = new ArrayList<>(secondary.chardevs());
        Collections.reverse(chardevs);
        for (SocketChardev c : chardevs) {
            if (used.contains(c.id())) {
                steps.add(new ProxyStep(new ChardevRemove(c.id()), "remove chardev " + c.id(), c.id()));
            }
        }
        return new ProxyPlan("secondary failover: remove the secondary's COLO proxy", steps);
    }

    /**
     * Prepares a failed-over secondary to be the new primary: {@code chardev-add} of every chardev of
     * {@code newPrimary} in order (COLO-FT.txt: mirror0, compare1, compare0, compare0-0, compare_out,
     * compare_out0). Server chardevs are added without {@code wait}: a waiting chardev-add would block
     * the monitor until the new secondary connects.
     */
    public ProxyPlan promoteToPrimary(NodeProxy newPrimary) {
        List<ProxyStep> steps = new ArrayList<>();
        for (SocketChardev c : newPrimary.chardevs()) {
            steps.add(new ProxyStep(chardevAdd(c), "add " + (c.server() ? "server" : "client") + " chardev " + c.id()
                    + " (" + c.address() + ")", null));
        }
        return new ProxyPlan("promotion: add the new primary's chardevs", steps);
    }

    /**
     * Before resuming replication on a node that was the primary all along: {@code chardev-remove}
     * and {@code chardev-add} of each server chardev of {@code primary} that the secondary connects to
     * (COLO-FT.txt: mirror0, compare1; not the node's own loopback pairs), so that each listens
     * afresh, without a connection.
     *
     * <p>Why: after a primary failover these chardevs have no frontend, so QEMU never reads them and
     * never notices that a secondary connected to them went away; the chardev stays connected to the
     * dead peer and the next secondary's connection waits in the listen backlog. Adding colo-compare on
     * such a {@code secondary_in} moves its handlers to the compare's iothread, which reads the stale
     * end-of-file and drops the connection while the main thread is still installing the handlers:
     * QEMU 7.2.22 then segfaults in {@code object-add} (main thread, {@code qio_channel_create_watch}
     * on the dropped channel). Renewed listeners have no stale connection; the secondary's reconnecting
     * chardevs connect again within one reconnect interval. Send this before the resync mirror, so that
     * the secondary has reconnected when {@link #resumeReplication} adds the proxy.
     */
    public ProxyPlan renewPeerListeners(NodeProxy primary) {
        List<Integer> loopback = primary.chardevs().stream().filter(c -> !c.server()).map(SocketChardev::port).toList();
        List<ProxyStep> steps = new ArrayList<>();
        for (SocketChardev c : primary.chardevs()) {
            if (c.server() && !loopback.contains(c.port())) {
                steps.add(new ProxyStep(new ChardevRemove(c.id()), "remove server chardev " + c.id()
                        + " (drops a connection to a secondary that is gone)", c.id()));
                steps.add(new ProxyStep(chardevAdd(c), "add server chardev " + c.id() + " (" + c.address()
                        + ") again, listening for the new secondary", null));
            }
        }
        return new ProxyPlan("resume replication: renew the listeners the secondary connects to", steps);
    }

    /**
     * Resumes replication on a node that was the primary all along (COLO-FT.txt "Primary resume
     * replication"): {@code object-add} of every object of {@code primary} in order (m0, redire0,
     * redire1, iothread1, comp0). Its chardevs are still there.
     */
    public ProxyPlan resumeReplication(NodeProxy primary) {
        List<ProxyStep> steps = new ArrayList<>();
        for (ProxyObject o : primary.objects()) {
            steps.add(objectAdd(o, "add " + o.qomType() + " " + o.id()));
        }
        return new ProxyPlan("resume replication: add the primary's COLO proxy", steps);
    }

    /**
     * Resumes replication on a node that was the secondary and is now the primary (COLO-FT.txt
     * "Secondary resume replication"), after {@link #promoteToPrimary}: like
     * {@link #resumeReplication} but every net filter goes before the former secondary's
     * filter-rewriter on the same netdev ({@code "insert": "before", "position": "id=rew0"}).
     *
     * @param primary the new primary's proxy (the node's role now)
     * @param formerSecondary the proxy the node had as a secondary (for its filter-rewriters)
     * @throws NetfilterValidationException if a netdev has no filter-rewriter in
     *     {@code formerSecondary}, or this QEMU predates insert/position (5.0)
     */
    public ProxyPlan resumeAfterPromotion(NodeProxy primary, NodeProxy formerSecondary) {
        List<ProxyStep> steps = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ProxyObject o : primary.objects()) {
            ProxyObject placed = o;
            if (o instanceof NetFilter f) {
                Optional<FilterRewriter> rewriter = formerSecondary.objects(FilterRewriter.class).stream()
                        .filter(r -> r.netdev().equals(f.netdev())).findFirst();
                if (rewriter.isEmpty()) {
                    problems.add(Problem.error("formerSecondary.objects", "the former secondary has no filter-rewriter "
                            + "on netdev " + f.netdev() + " to insert " + f.id() + " before; pass the proxy the node "
                            + "had as a secondary, or use resumeReplication for a node that never was one"));
                    continue;
                }
                placed = f.withPlacement(FilterPlacement.before(rewriter.get().id()));
            }
            steps.add(objectAdd(placed, "add " + o.qomType() + " " + o.id()
                    + (placed instanceof NetFilter f && f.placement() != null ? " " + f.placement() : "")));
        }
        if (!problems.isEmpty()) {
            throw new NetfilterValidationException(problems);
        }
        return new ProxyPlan("resume replication after promotion: add the primary's COLO proxy before the rewriter",
                steps);
    }

    private ProxyStep objectAdd(ProxyObject o, String purpose) {
        if (o instanceof NetFilter f) {
            dialect.requirePlacement(f, "objects[" + f.id() + "].placement");
        }
        ObjectAdd add = new ObjectAdd(o.qomType(), o.id(), o.properties());
        QmpCommand<?> command = dialect.flatObjectAdd() ? add : add.legacy();
        return new ProxyStep(command, purpose, null);
    }

    private ChardevAdd chardevAdd(SocketChardev c) {
        Long reconnect = null;
        Long reconnectMs = null;
        if (c.reconnect() != null) {
            long v = dialect.reconnectValue(c, "chardevs[" + c.id() + "].reconnect");
            if (dialect.reconnectInMillis()) {
                reconnectMs = v;
            } else {
                reconnect = v;
            }
        }
        ChardevSocket socket = new ChardevSocket(SocketAddressLegacy.inet(c.host(), c.port()), c.server(), null, null,
                reconnect, reconnectMs, c.tlsCreds());
        return new ChardevAdd(c.id(), ChardevBackend.socket(socket));
    }

    private static int teardownRank(ProxyObject o) {
        if (o instanceof ColoCompare) {
            return 0;
        }
        return o instanceof IoThread ? 1 : 2;
    }

    @Override
    public String toString() {
        return "ProxyPlans[QEMU " + dialect.version() + "]";
    }
}
