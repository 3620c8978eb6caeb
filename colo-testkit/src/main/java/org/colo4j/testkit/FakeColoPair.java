package org.colo4j.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;

/**
 * Both nodes of a {@link ColoPairSpec} as fake QEMUs, paired: what the spec's two argvs would
 * start, listening at the spec's QMP endpoints, so that the code under test connects with the
 * same spec it uses in production and colo4j's own procedures run against the fakes.
 *
 * <pre>{@code
 * ColoPairSpec spec = FakeColoPair.loopbackSpec(tempDir);      // or your own spec
 * try (FakeColoPair fakes = FakeColoPair.start(spec);
 *      ColoPair pair = ColoPair.connect(spec)) {
 *     pair.start();                                           // preflight passes, COLO starts
 *     pair.qmp(Role.PRIMARY).hmp("qemu-io colo-disk0 \"write -P 0xab 0 1M\"");
 *     fakes.primary().checkpoint();                           // the write reaches the secondary
 *     fakes.primary().kill();                                 // the primary's QEMU dies
 *     pair.failover().onSecondary();
 *     pair.qmp(Role.SECONDARY).hmp("qemu-io colo-disk0 \"read -P 0xab 0 1M\"");
 *     assertThat(fakes.secondary().stdout()).doesNotContain("Pattern verification failed");
 * }
 * }</pre>
 *
 * <p>What each node holds is described in {@link FakeColoNode} ("Built from a spec"). Faults are
 * the nodes' own: {@link FakeColoNode#kill()} (a node dies), {@link #cutLink()} (the network between
 * them fails, both alive), {@link FakeColoNode#peerLost()}, stubs on
 * {@link FakeColoNode#server()}. {@link #startNewSecondary(ColoPairSpec)} starts the fresh secondary
 * that {@code ColoPair.resumeReplication(next)} needs after a failover.
 *
 * <p>Thread-safe. {@link #close()} closes every node this pair started.
 */
public final class FakeColoPair implements AutoCloseable {

    private final ColoPairSpec spec;
    private final FakeColoNode primary;
    private final FakeColoNode secondary;
    private final List<FakeColoNode> owned = new CopyOnWriteArrayList<>();

    private FakeColoPair(ColoPairSpec spec, FakeColoNode primary, FakeColoNode secondary) {
        this.spec = spec;
        this.primary = primary;
        this.secondary = secondary;
        owned.add(primary);
        owned.add(secondary);
    }

    /**
     * Starts both nodes of {@code spec} (the primary first, as colo4j's README advises) and pairs
     * them; they are not in COLO yet: the primary is paused ({@code prelaunch}), the secondary waits
     * with {@code -incoming defer}, so {@code ColoPair.connect(spec).start()} can start COLO, or
     * {@link #startColo()} does it inside the fakes.
     *
     * @param spec the pair
     * @return the started pair
     * @throws TestkitException if a QMP endpoint of the spec cannot be bound
     */
    public static FakeColoPair start(ColoPairSpec spec) {
        Objects.requireNonNull(spec, "spec");
        FakeColoNode p = FakeColoNode.start(spec, Role.PRIMARY);
        try {
            return of(p, FakeColoNode.start(spec, Role.SECONDARY));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Pairs two nodes built from one spec ({@link FakeColoNode#builder(ColoPairSpec, Role)}, e.g.
     * with another QEMU version or held failovers) and takes ownership of them.
     *
     * @param primary the spec's primary
     * @param secondary the spec's secondary
     * @return the pair, which closes both nodes
     * @throws IllegalArgumentException if the nodes were not built as the primary and the secondary
     *     of the same spec
     */
    public static FakeColoPair of(FakeColoNode primary, FakeColoNode secondary) {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        ColoPairSpec spec = primary.spec();
        if (spec == null || spec != secondary.spec() || primary.role() != Role.PRIMARY
                || secondary.role() != Role.SECONDARY) {
            throw new IllegalArgumentException("FakeColoPair.of takes the primary and the secondary built from one spec"
                    + " with FakeColoNode.builder(spec, role); got " + primary + " and " + secondary);
        }
        FakeColoNode.pair(primary, secondary);
        return new FakeColoPair(spec, primary, secondary);
    }

    /**
     * COLO-FT.txt's pair on loopback, with its QMP sockets in {@code dir} (e.g. a JUnit
     * {@code @TempDir}): primary {@code primary} at 127.0.0.1 ({@code dir/primary.qmp}),
     * secondary {@code secondary} at 127.0.0.2 ({@code dir/secondary.qmp}), one 64 MiB disk
     * {@code colo-disk0} with images {@code dir/primary.qcow2}, {@code dir/secondary-parent.qcow2},
     * {@code dir/secondary-active.qcow2} and {@code dir/secondary-hidden.qcow2}, one NIC
     * {@code hn0} (user networking, the default port plan), checkpoints every 2 s, for QEMU
     * {@link ColoPairSpec#TESTED_QEMU} (what the fakes answer as; set so that no QEMU binary is
     * probed). Fakes create no image files; vary the spec with {@link ColoPairSpec#toBuilder()}.
     *
     * @param dir an existing directory whose path is short enough for unix sockets (about 90 bytes)
     * @return the spec
     */
    public static ColoPairSpec loopbackSpec(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1")
                        .qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2")
                        .qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).build())
                .disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2"))
                        .secondaryImage(dir.resolve("secondary-parent.qcow2"))
                        .activeImage(dir.resolve("secondary-active.qcow2"))
                        .hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(FakeDisk.DEFAULT_SIZE).build())
                .nic(ColoNic.builder().netdev("hn0").build())
                .qemuVersion(ColoPairSpec.TESTED_QEMU)
                .build();
    }

    /**
     * The spec both nodes were started from.
     *
     * @return the spec both nodes were started from
     */
    public ColoPairSpec spec() {
        return spec;
    }

    /**
     * The node started as the spec's primary.
     *
     * @return the node started as the spec's primary
     */
    public FakeColoNode primary() {
        return primary;
    }

    /**
     * The node started as the spec's secondary.
     *
     * @return the node started as the spec's secondary
     */
    public FakeColoNode secondary() {
        return secondary;
    }

    /**
     * The node started in {@code role}.
     *
     * @param role primary or secondary, as the spec names them
     * @return the node started in {@code role}
     */
    public FakeColoNode node(Role role) {
        return Objects.requireNonNull(role, "role") == Role.PRIMARY ? primary : secondary;
    }

    /**
     * The node this pair started at {@code node}'s QMP endpoint, e.g. {@code node(next.primary())}
     * after a resume.
     *
     * @param node a node of this pair's spec or of a spec given to {@link #startNewSecondary}
     * @return the fake listening there
     * @throws IllegalArgumentException if this pair started none there
     */
    public FakeColoNode node(ColoNode node) {
        Objects.requireNonNull(node, "node");
        List<FakeColoNode> found = new ArrayList<>(owned);
        for (int i = found.size() - 1; i >= 0; i--) {
            if (found.get(i).endpoint().equals(node.qmp())) {
                return found.get(i);
            }
        }
        throw new IllegalArgumentException("no fake of this pair listens at " + node.qmp() + " (" + node.name()
                + "); its nodes: " + owned);
    }

    /**
     * Brings the pair into COLO inside the fakes, with the spec's addresses, ports, ids and
     * checkpoint delay (see {@link FakeColoNode#startColo}); the commands do not show in
     * {@link FakeQmpServer#received()}. For a test of HA logic that starts from a replicating pair.
     *
     * @return this pair
     * @throws TestkitException if a step fails or COLO did not start
     */
    public FakeColoPair startColo() {
        FakeColoNode.startColo(primary, secondary);
        return this;
    }

    /**
     * The network between the two nodes fails while both stay up: see
     * {@link FakeColoNode#cutLinkToPeer()}.
     *
     * @throws TestkitException if a node is dead or the link is already cut
     */
    public void cutLink() {
        primary.cutLinkToPeer();
    }

    /**
     * Starts the new secondary of {@code next} (a spec from {@link ColoPairSpec#afterFailover}) and
     * pairs it with the survivor this pair started at {@code next.primary()}'s QMP endpoint, so
     * that {@code pair.resumeReplication(next)} runs against the fakes. The new node is closed with
     * this pair.
     *
     * @param next the pair after the failover
     * @return the new secondary, waiting with {@code -incoming defer}
     * @throws IllegalArgumentException if this pair started no node at {@code next.primary()}, or the
     *     survivor has not failed over and its peer is alive
     * @throws TestkitException if the new secondary's QMP endpoint cannot be bound
     */
    public FakeColoNode startNewSecondary(ColoPairSpec next) {
        Objects.requireNonNull(next, "next");
        FakeColoNode survivor = node(next.primary());
        FakeColoNode fresh = FakeColoNode.start(next, Role.SECONDARY);
        try {
            FakeColoNode.pair(survivor, fresh);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        owned.add(fresh);
        return fresh;
    }

    /** Closes every node this pair started, the newest first. */
    @Override
    public void close() {
        List<FakeColoNode> nodes = new ArrayList<>(owned);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    @Override
    public String toString() {
        return "FakeColoPair[" + primary + " -> " + secondary + "]";
    }
}
