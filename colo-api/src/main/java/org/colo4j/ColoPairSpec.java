package org.colo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colo4j.blockgraph.BlockGraphValidationException;
import org.colo4j.blockgraph.BlockReplication;
import org.colo4j.blockgraph.DriveArgvRenderer;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.blockgraph.SecondaryDisk;
import org.colo4j.blockgraph.Side;
import org.colo4j.netfilter.ColoProxy;
import org.colo4j.netfilter.NetfilterValidationException;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyArgvRenderer;
import org.colo4j.netfilter.ProxyPorts;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;

/**
 * A COLO pair described once: both nodes, the replicated disks, the proxied NICs, the checkpoint
 * delay and the machine options. {@link Builder#build()} validates the pair as a whole (the block
 * replication graph, the proxy topology and the rules that cross nodes) and reports every problem at
 * once; the spec then renders both nodes' complete argv and the dry-run {@link #plan()}.
 *
 * <pre>{@code
 * ColoPairSpec spec = ColoPairSpec.builder()
 *     .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(p)).build())
 *     .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(s)).build())
 *     .disk(ColoDisk.builder().id("colo-disk0").primaryImage(img).secondaryImage(copy)
 *           .activeImage(active).hiddenImage(hidden).build())
 *     .nic(ColoNic.builder().netdev("hn0").build())
 *     .checkpointDelay(Duration.ofSeconds(2))
 *     .build();
 * List<String> argvP = spec.primaryArgv();   // ... -S: paused until COLO starts
 * List<String> argvS = spec.secondaryArgv(); // ... -incoming defer
 * }</pre>
 *
 * <p>Each node's argv and plan steps are rendered for its QEMU version: the node's own
 * {@link ColoNode.Builder#qemuVersion}, else {@link Builder#qemuVersion}, else the version of its
 * machine binary on this host ({@code qemu-system-x86_64 --version}); see {@link ColoDialect} and the
 * README's "QEMU versions".
 *
 * <p>Where the two hosts differ, the node says so and the difference follows its host when the roles
 * swap: {@link ColoNode.Builder#machine} replaces the shared {@link Builder#machine} for that node (QEMU
 * binary, accelerator options, serial and log paths, extra arguments) and
 * {@link ColoNode.Builder#nicBackend} replaces a NIC's backend on that node. Specs are stored in pair
 * files with {@link #write(Path)} and {@link #read(Path)}.
 */
public final class ColoPairSpec {

    /**
     * The QEMU version colo4j's live tests run against by default (Debian 12's). Not a default for
     * specs: a spec without {@link Builder#qemuVersion} renders for its machine binary's version.
     */
    public static final QemuVersion TESTED_QEMU = QemuVersion.of(7, 2, 22);

    /** The checkpoint delay of a spec that sets none: 2 s, COLO-FT.txt's example. */
    public static final Duration DEFAULT_CHECKPOINT_DELAY = Duration.ofSeconds(2);

    private final ColoNode primary;
    private final ColoNode secondary;
    private final List<ColoDisk> disks;
    private final List<ColoNic> nics;
    private final Duration checkpointDelay;
    private final QemuCommandLine machine;
    private final QemuVersion givenQemuVersion;
    private final QemuVersion primaryVersion;
    private final QemuVersion secondaryVersion;
    private final BlockReplication replication;
    private final ColoProxy proxy;
    private final List<ColoProblem> warnings;
    private final PortPlan portPlan;
    private final ColoTls tls;

    private ColoPairSpec(Builder b, QemuVersion primaryVersion, QemuVersion secondaryVersion, BlockReplication replication,
            ColoProxy proxy, List<ColoProblem> warnings) {
        this.primary = b.primary;
        this.secondary = b.secondary;
        this.disks = List.copyOf(b.disks);
        this.nics = List.copyOf(b.nics);
        this.checkpointDelay = b.checkpointDelay;
        this.machine = b.machine;
        this.givenQemuVersion = b.qemuVersion;
        this.primaryVersion = primaryVersion;
        this.secondaryVersion = secondaryVersion;
        this.portPlan = b.portPlan;
        this.tls = b.tls;
        this.replication = replication;
        this.proxy = proxy;
        this.warnings = List.copyOf(warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a pair file: JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}), as
     * {@link #write(Path)} writes it; fields left out take the builders' defaults.
     *
     * @throws PairFileException naming the file, the line and column and the field of every problem,
     *     syntax, unknown fields and validation alike, each with its fix
     */
    public static ColoPairSpec read(Path file) {
        return PairFile.read(file);
    }

    /**
     * Writes this spec as a pair file, JSON or YAML by the file's extension ({@code .json},
     * {@code .yaml}, {@code .yml}), leaving out every value that is the default; {@link #read(Path)}
     * gives back an equal spec. A QEMU version that was probed rather than given is not written, so
     * the reader probes again.
     *
     * @throws PairFileException if the extension is none of those or the file cannot be written
     */
    public void write(Path file) {
        PairFile.write(this, file);
    }

    /** A builder holding this spec's values, e.g. to describe the pair after a failover. */
    public Builder toBuilder() {
        Builder b = new Builder().primary(primary).secondary(secondary).checkpointDelay(checkpointDelay)
                .machine(machine).qemuVersion(givenQemuVersion).portPlan(portPlan).tls(tls);
        disks.forEach(b::disk);
        nics.forEach(b::nic);
        return b;
    }

    public ColoNode primary() {
        return primary;
    }

    public ColoNode secondary() {
        return secondary;
    }

    /** The node in {@code role}. */
    public ColoNode node(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }

    public List<ColoDisk> disks() {
        return disks;
    }

    public List<ColoNic> nics() {
        return nics;
    }

    /** How long the primary runs between periodic checkpoints ({@code x-checkpoint-delay}). */
    public Duration checkpointDelay() {
        return checkpointDelay;
    }

    /** The machine options both nodes share unless a node has its own ({@link #machine(Role)}). */
    public QemuCommandLine machine() {
        return machine;
    }

    /** The machine options of the node in {@code role}: its own, else the shared {@link #machine()}. */
    public QemuCommandLine machine(Role role) {
        return node(role).machine().orElse(machine);
    }

    /**
     * The primary's QEMU version ({@link #qemuVersion(Role)}): when both nodes run one version, the
     * version the whole spec is rendered for.
     */
    public QemuVersion qemuVersion() {
        return primaryVersion;
    }

    /**
     * The QEMU version the node in {@code role} is rendered for: the node's own
     * {@link ColoNode#qemuVersion()}, else the one set with {@link Builder#qemuVersion}, else the
     * version {@code <the node's machine binary> --version} printed on this host when the spec was built.
     */
    public QemuVersion qemuVersion(Role role) {
        return role == Role.PRIMARY ? primaryVersion : secondaryVersion;
    }

    /** The version given with {@link Builder#qemuVersion}, or null when it was left to the nodes or the probe. */
    QemuVersion givenQemuVersion() {
        return givenQemuVersion;
    }

    /** The port plan for NICs without their own ports. */
    public PortPlan portPlan() {
        return portPlan;
    }

    /** TLS on the channels between the nodes, or null when they are plain text. */
    public ColoTls tls() {
        return tls;
    }

    /** The block replication graph, as colo-blockgraph models it. */
    public BlockReplication replication() {
        return replication;
    }

    /** The COLO proxy, as colo-netfilter models it. */
    public ColoProxy proxy() {
        return proxy;
    }

    /**
     * What validation found questionable but not wrong, each naming the node and the field: every
     * channel that crosses the network in plain text (the secondary's NBD server and incoming
     * migration, the primary's proxy servers), and nodes on QEMU builds that render differently.
     * {@link ColoPair#connect} logs them at WARN.
     */
    public List<ColoProblem> warnings() {
        return warnings;
    }

    /**
     * The primary's complete argv: machine options, NICs, proxy, drives, QMP, and {@code -S} (the
     * guest stays paused until COLO starts: writes before then would fail on the replication child).
     */
    public List<String> primaryArgv() {
        List<String> argv = new ArrayList<>(machine(Role.PRIMARY).render(primary.name()));
        argv.addAll(tlsArgv(primary));
        argv.addAll(nicArgv(primary));
        argv.addAll(ProxyArgvRenderer.forVersion(primaryVersion).render(proxy.primary()));
        argv.addAll(DriveArgvRenderer.primary(replication));
        argv.addAll(qmpArgv(primary.qmp()));
        argv.add("-S");
        return List.copyOf(argv);
    }

    /**
     * The secondary's complete argv: machine options, NICs, proxy, the replication chain, QMP, and
     * {@code -incoming defer} (the x-colo capability is set before {@code migrate-incoming}, which QEMU 8
     * and later require).
     */
    public List<String> secondaryArgv() {
        List<String> argv = new ArrayList<>(machine(Role.SECONDARY).render(secondary.name()));
        argv.addAll(tlsArgv(secondary));
        argv.addAll(nicArgv(secondary));
        argv.addAll(ProxyArgvRenderer.forVersion(secondaryVersion).render(proxy.secondary()));
        argv.addAll(DriveArgvRenderer.secondary(replication));
        argv.addAll(qmpArgv(secondary.qmp()));
        argv.addAll(List.of("-incoming", "defer"));
        return List.copyOf(argv);
    }

    /**
     * The spec of the pair after a failover, for resuming replication: the node that survived in
     * {@code survivor}'s role becomes the primary, {@code newSecondary} the secondary, with its own
     * images for every disk ({@code newSecondaryDisks}, in disk order: their secondary, active and
     * hidden images are used). Start the new secondary with the returned spec's
     * {@link #secondaryArgv()}, then call {@link ColoPair#resumeReplication(ColoPairSpec, ResyncListener)}.
     *
     * @throws ColoValidationException if the new pair is invalid (e.g. a disk count that differs)
     */
    public ColoPairSpec afterFailover(Role survivor, ColoNode newSecondary, List<ColoDisk> newSecondaryDisks) {
        Objects.requireNonNull(survivor, "survivor");
        Objects.requireNonNull(newSecondary, "newSecondary");
        if (newSecondaryDisks.size() != disks.size()) {
            throw new ColoValidationException("resume spec", List.of(new ColoProblem("newSecondaryDisks",
                    "has " + newSecondaryDisks.size() + " disks but the pair has " + disks.size() + ": give one per disk, in order")));
        }
        Builder b = toBuilder().primary(node(survivor)).secondary(newSecondary);
        b.disks.clear();
        for (int i = 0; i < disks.size(); i++) {
            ColoDisk old = disks.get(i);
            ColoDisk fresh = newSecondaryDisks.get(i);
            // The survivor's own image of disk i: the primary image, or the parent of a promoted secondary.
            ColoDisk.Builder d = ColoDisk.builder().id(old.id()).parentId(old.parentId()).driveInterface(old.driveInterface())
                    .primaryImage(survivor == Role.PRIMARY ? old.primaryImage() : old.secondaryImage())
                    .secondaryImage(fresh.secondaryImage()).activeImage(fresh.activeImage()).hiddenImage(fresh.hiddenImage());
            b.disk(d.build());
        }
        return b.build();
    }

    /** The argv of the node in {@code role}. */
    public List<String> argv(Role role) {
        return role == Role.PRIMARY ? primaryArgv() : secondaryArgv();
    }

    /** The dry run: every phase as ordered (node, command) steps, each node's for its {@link #qemuVersion(Role)}. */
    public ColoPlan plan() {
        return ColoSequences.dryRun(this);
    }

    /** The node's two {@code tls-creds-x509} objects when TLS is on (QEMU creates them before any chardev). */
    private List<String> tlsArgv(ColoNode node) {
        return tls == null ? List.of() : tls.argv(node.name());
    }

    private List<String> nicArgv(ColoNode node) {
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < nics.size(); i++) {
            ColoNic nic = nics.get(i);
            String backend = node.nicBackends().getOrDefault(nic.netdev(), nic.backend());
            argv.addAll(List.of("-netdev", backend + ",id=" + nic.netdev()));
            argv.addAll(List.of("-device", nic.model().device() + ",id=colo-nic" + i + ",netdev=" + nic.netdev()
                    + (nic.mac() == null ? "" : ",mac=" + nic.mac())));
        }
        return argv;
    }

    private static List<String> qmpArgv(QmpEndpoint qmp) {
        String chardev = qmp instanceof QmpEndpoint.Unix u ? "unix:" + DriveArgvRenderer.escape(u.path().toString())
                : qmp.toString();
        return List.of("-qmp", chardev + ",server=on,wait=off");
    }

    /** The same spec with both nodes rendered for {@code version}, to see what mixed builds change. */
    private ColoPairSpec withVersions(QemuVersion version) {
        Builder b = toBuilder();
        return new ColoPairSpec(b, version, version, replication, proxy, List.of());
    }

    /**
     * Equal when every value is: nodes, disks, NICs, checkpoint delay, shared machine, the given and
     * the resolved QEMU versions, port plan and the proxy's TLS; equal specs render the same argv and plan.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ColoPairSpec s && primary.equals(s.primary) && secondary.equals(s.secondary)
                && disks.equals(s.disks) && nics.equals(s.nics) && checkpointDelay.equals(s.checkpointDelay)
                && machine.equals(s.machine) && Objects.equals(givenQemuVersion, s.givenQemuVersion)
                && primaryVersion.equals(s.primaryVersion) && secondaryVersion.equals(s.secondaryVersion)
                && portPlan.equals(s.portPlan) && Objects.equals(tls, s.tls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(primary, secondary, disks, nics, checkpointDelay, machine, givenQemuVersion, primaryVersion,
                secondaryVersion, portPlan, tls);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ColoPairSpec\n");
        s.append("  primary:   ").append(primary).append('\n');
        s.append("  secondary: ").append(secondary).append('\n');
        disks.forEach(d -> s.append("  disk:      ").append(d).append('\n'));
        nics.forEach(n -> s.append("  nic:       ").append(n).append('\n'));
        s.append("  checkpoint delay ").append(checkpointDelay.toMillis()).append(" ms, QEMU ").append(primaryVersion)
                .append(primaryVersion.equals(secondaryVersion) ? "" : " (secondary " + secondaryVersion + ")")
                .append(", machine: ").append(machine);
        if (tls != null) {
            s.append("\n  tls:       ").append(tls);
        }
        warnings.forEach(w -> s.append("\n  warning:   ").append(w));
        return s.toString();
    }

    /** Mutable builder; {@link #build()} validates the pair as a whole. */
    public static final class Builder {
        private ColoNode primary;
        private ColoNode secondary;
        private final List<ColoDisk> disks = new ArrayList<>();
        private final List<ColoNic> nics = new ArrayList<>();
        private Duration checkpointDelay = DEFAULT_CHECKPOINT_DELAY;
        private QemuCommandLine machine = QemuCommandLine.defaults();
        private QemuVersion qemuVersion;
        private PortPlan portPlan = PortPlan.defaults();
        private ColoTls tls;
        private QemuImg qemuImg;
        private Side[] inspectedSides = new Side[0];

        private Builder() {}

        public Builder primary(ColoNode primary) {
            this.primary = primary;
            return this;
        }

        public Builder secondary(ColoNode secondary) {
            this.secondary = secondary;
            return this;
        }

        /** Adds a replicated disk; disks keep their order (disk {@code i} gets COLO-FT.txt's names with index i). */
        public Builder disk(ColoDisk disk) {
            disks.add(Objects.requireNonNull(disk, "disk"));
            return this;
        }

        /** Adds a proxied NIC; every NIC of the guest must be added. */
        public Builder nic(ColoNic nic) {
            nics.add(Objects.requireNonNull(nic, "nic"));
            return this;
        }

        /** Time between periodic checkpoints; default 2 s (COLO-FT.txt's example). */
        public Builder checkpointDelay(Duration delay) {
            this.checkpointDelay = delay;
            return this;
        }

        /**
         * The machine options both nodes share; default {@link QemuCommandLine#defaults()}. A node
         * whose host differs gives its own with {@link ColoNode.Builder#machine}.
         */
        public Builder machine(QemuCommandLine machine) {
            this.machine = machine;
            return this;
        }

        /**
         * The QEMU version to render argv and the dry run for: the version of the QEMU that will run
         * the pair (argv spellings and QMP capabilities differ between releases). A node's own
         * {@link ColoNode.Builder#qemuVersion} wins for that node. Unset (or {@code null}),
         * {@link #build()} runs {@code <machine binary> --version} on this host, once per binary and
         * node's machine, and uses its answer; set it whenever the pair runs elsewhere or the binary
         * is not installed here.
         */
        public Builder qemuVersion(QemuVersion version) {
            this.qemuVersion = version;
            return this;
        }

        /** Where NICs without explicit ports get theirs; default base 9001, stride 10. */
        public Builder portPlan(PortPlan plan) {
            this.portPlan = plan;
            return this;
        }

        /**
         * TLS on the channels between the nodes (NBD replication, migration stream, proxy chardevs, as
         * {@link ColoTls#channels()} says): both nodes' argv get the x509 credential objects, and the
         * plans use them. Null (the default) leaves every channel plain text.
         */
        public Builder tls(ColoTls tls) {
            this.tls = tls;
            return this;
        }

        /** Also checks the image files of {@code sides} with qemu-img (existence, format, size) in {@link #build()}. */
        public Builder inspectImages(QemuImg qemuImg, Side... sides) {
            this.qemuImg = Objects.requireNonNull(qemuImg, "qemuImg");
            this.inspectedSides = sides.clone();
            return this;
        }

        /**
         * Validates the pair: each node, the block replication graph (ids, top-id, export names,
         * formats, equal sizes), the proxy (port pairing, references, vhost, multiqueue) and the
         * cross-node rules (distinct names and QMP endpoints, no port used twice, the same guest
         * machine on both nodes, node NIC backends naming NICs of the spec). A node without a version
         * (its own or {@link #qemuVersion}) gets its machine binary's {@code --version} (once per
         * binary per JVM); a failure is a {@code qemuVersion} problem ({@code <role>.qemuVersion} for
         * a node with its own machine).
         *
         * @throws ColoValidationException listing every problem
         */
        public ColoPairSpec build() {
            List<ColoProblem> problems = new ArrayList<>();
            if (primary == null) {
                problems.add(new ColoProblem("primary", "is required: ColoNode.builder()...build()"));
            }
            if (secondary == null) {
                problems.add(new ColoProblem("secondary", "is required: ColoNode.builder()...build()"));
            }
            if (primary != null && secondary != null) {
                if (primary.name().equals(secondary.name())) {
                    problems.add(new ColoProblem("secondary.name", "equals the primary's name '" + primary.name()
                            + "': give the nodes different names"));
                }
                // Two hosts may use the same socket path; the controller must still reach two different QEMUs.
                if (primary.qmpConnect().equals(secondary.qmpConnect())) {
                    boolean given = secondary.qmpConnectGiven() != null;
                    problems.add(new ColoProblem(given ? "secondary.qmpConnect" : "secondary.qmp", "is the primary's QMP"
                            + " endpoint " + primary.qmpConnect() + ": each QEMU needs its own (on two hosts with the same"
                            + " socket path, give each node the qmpConnect(...) the controller reaches it at)"));
                }
            }
            if (checkpointDelay == null || checkpointDelay.toMillis() < 1) {
                problems.add(new ColoProblem("checkpointDelay", "must be at least 1 ms, got " + checkpointDelay));
            }
            if (machine == null) {
                problems.add(new ColoProblem("machine", "is required (QemuCommandLine.defaults())"));
            }
            QemuVersion primaryVersion = primary == null ? null
                    : PairVersions.resolve(Role.PRIMARY, primary, qemuVersion, machine, problems);
            QemuVersion secondaryVersion = secondary == null ? null
                    : PairVersions.resolve(Role.SECONDARY, secondary, qemuVersion, machine, problems);
            if (primary != null && secondary != null) {
                NodeSettings.check(primary, secondary, machine, nics, problems);
            }
            if (disks.isEmpty()) {
                problems.add(new ColoProblem("disks", "at least one disk is required: COLO replicates the guest's disks"));
            }

            BlockReplication replication = secondary == null || disks.isEmpty() ? null : buildReplication(problems);
            List<ColoProblem> warnings = new ArrayList<>();
            if (tls != null && primary != null && secondary != null) {
                TlsFiles.checkPair(tls, primary, secondary, problems, warnings);
            }
            ColoProxy proxy = primary == null ? null : buildProxy(problems, warnings);
            if (secondary != null && portPlan != null) {
                checkPorts(problems);
            }
            if (!problems.isEmpty()) {
                throw new ColoValidationException("ColoPairSpec", problems);
            }
            warnings.addAll(PlainTextChannels.warnings(primary, secondary, proxy, tls));
            ColoPairSpec spec = new ColoPairSpec(this, primaryVersion, secondaryVersion, replication, proxy, warnings);
            List<ColoProblem> mixed = PairVersions.mixedWarnings(spec, spec.withVersions(primaryVersion));
            if (mixed.isEmpty()) {
                return spec;
            }
            warnings.addAll(mixed);
            return new ColoPairSpec(this, primaryVersion, secondaryVersion, replication, proxy, warnings);
        }

        private BlockReplication buildReplication(List<ColoProblem> problems) {
            BlockReplication.Builder b = BlockReplication.builder()
                    .nbdServer(secondary.listenAddress(), secondary.nbdPort())
                    .nbdTarget(secondary.address(), secondary.nbdPort());
            for (int i = 0; i < disks.size(); i++) {
                ColoDisk d = disks.get(i);
                PrimaryDisk.Builder p = PrimaryDisk.builder(i).image(d.primaryImage());
                SecondaryDisk.Builder s = SecondaryDisk.builder(i).parentImage(d.secondaryImage())
                        .activeImage(d.activeImage()).hiddenImage(d.hiddenImage());
                if (d.id() != null) {
                    p.quorumId(d.id());
                    s.quorumId(d.id());
                }
                if (d.parentId() != null) {
                    p.exportName(d.parentId());
                    s.parentId(d.parentId());
                }
                if (d.driveInterface() != null) {
                    p.driveInterface(d.driveInterface());
                    s.driveInterface(d.driveInterface());
                }
                b.disk(p, s);
            }
            if (tls != null && tls.coversNbd()) {
                b.nbdTls(ColoTls.SERVER_CREDS_ID, ColoTls.CLIENT_CREDS_ID);
            }
            if (qemuImg != null) {
                b.inspectImages(qemuImg, inspectedSides);
            }
            try {
                return b.build();
            } catch (BlockGraphValidationException e) {
                e.problems().forEach(p -> problems.add(new ColoProblem(p.field(), p.message())));
                return null;
            }
        }

        private ColoProxy buildProxy(List<ColoProblem> problems, List<ColoProblem> warnings) {
            try {
                ColoProxy.Builder b = ColoProxy.builder().primaryAddress(primary.address())
                        .listenAddress(primary.listenAddress()).portPlan(portPlan);
                if (tls != null && tls.coversProxy()) {
                    b.tls(ColoTls.SERVER_CREDS_ID, ColoTls.CLIENT_CREDS_ID);
                }
                nics.forEach(n -> b.nic(n.toProxyNic()));
                ColoProxy proxy = b.build();
                // Plain-text chardevs are reported with the other plain-text channels (PlainTextChannels).
                proxy.warnings().stream().filter(w -> !w.field().equals("listenAddress"))
                        .forEach(w -> warnings.add(new ColoProblem(w.field(), w.message())));
                return proxy;
            } catch (NetfilterValidationException e) {
                e.problems().stream().filter(p -> p.isError())
                        .forEach(p -> problems.add(new ColoProblem(p.field(), p.message())));
                return null;
            }
        }

        /**
         * The secondary's servers against the proxy's ports (proxy against proxy is colo-netfilter's
         * rule). From the NICs as given, not the built proxy, so a clash is reported even when the
         * proxy has other errors.
         */
        private void checkPorts(List<ColoProblem> problems) {
            Map<Integer, String> proxyPorts = new HashMap<>();
            for (int i = 0; i < nics.size(); i++) {
                ProxyPorts ports = nics.get(i).ports() != null ? nics.get(i).ports() : portPlan.portsFor(i);
                String at = "nics[" + i + "].ports.";
                proxyPorts.putIfAbsent(ports.mirror(), at + "mirror");
                proxyPorts.putIfAbsent(ports.secondaryIn(), at + "secondaryIn");
                proxyPorts.putIfAbsent(ports.primaryIn(), at + "primaryIn");
                proxyPorts.putIfAbsent(ports.compareOut(), at + "compareOut");
            }
            clash(proxyPorts, problems, secondary.migrationPort(), "secondary.migrationPort");
            clash(proxyPorts, problems, secondary.nbdPort(), "secondary.nbdPort");
        }

        private static void clash(Map<Integer, String> proxyPorts, List<ColoProblem> problems, int port, String field) {
            String owner = proxyPorts.get(port);
            if (owner != null) {
                problems.add(new ColoProblem(field, "port " + port + " is also " + owner
                        + ": the secondary's servers and the proxy need distinct ports (on one host they would clash, and"
                        + " after a failover the secondary becomes the primary that listens on the proxy's ports)"));
            }
        }
    }
}
