package org.colo4j;

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
 * <p>Argv and plans are rendered for one QEMU version: {@link Builder#qemuVersion}, or else the
 * version of the machine's binary on this host ({@code qemu-system-x86_64 --version}); see
 * {@link ColoDialect} and the README's "QEMU versions".
 */
public final class ColoPairSpec {

    /**
     * The QEMU version colo4j's live tests run against by default (Debian 12's). Not a default for
     * specs: a spec without {@link Builder#qemuVersion} renders for its machine binary's version.
     */
    public static final QemuVersion TESTED_QEMU = QemuVersion.of(7, 2, 22);

    private final ColoNode primary;
    private final ColoNode secondary;
    private final List<ColoDisk> disks;
    private final List<ColoNic> nics;
    private final Duration checkpointDelay;
    private final QemuCommandLine machine;
    private final QemuVersion qemuVersion;
    private final BlockReplication replication;
    private final ColoProxy proxy;
    private final List<ColoProblem> warnings;
    private final PortPlan portPlan;
    private final ColoTls tls;

    private ColoPairSpec(Builder b, QemuVersion qemuVersion, BlockReplication replication, ColoProxy proxy,
            List<ColoProblem> warnings) {
        this.primary = b.primary;
        this.secondary = b.secondary;
        this.disks = List.copyOf(b.disks);
        this.nics = List.copyOf(b.nics);
        this.checkpointDelay = b.checkpointDelay;
        this.machine = b.machine;
        this.qemuVersion = qemuVersion;
        this.portPlan = b.portPlan;
        this.tls = b.tls;
        this.replication = replication;
        this.proxy = proxy;
        this.warnings = List.copyOf(warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, e.g. to describe the pair after a failover. */
    public Builder toBuilder() {
        Builder b = new Builder().primary(primary).secondary(secondary).checkpointDelay(checkpointDelay)
                .machine(machine).qemuVersion(qemuVersion).portPlan(portPlan).tls(tls);
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

    public QemuCommandLine machine() {
        return machine;
    }

    /**
     * The QEMU version argv and the dry-run plan are rendered for: the one set with
     * {@link Builder#qemuVersion}, or else the version {@code <machine binary> --version} printed on
     * this host when the spec was built.
     */
    public QemuVersion qemuVersion() {
        return qemuVersion;
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

    /** What validation found questionable but not wrong, e.g. an unencrypted channel on a public address. */
    public List<ColoProblem> warnings() {
        return warnings;
    }

    /**
     * The primary's complete argv: machine options, NICs, proxy, drives, QMP, and {@code -S} (the
     * guest stays paused until COLO starts: writes before then would fail on the replication child).
     */
    public List<String> primaryArgv() {
        List<String> argv = new ArrayList<>(machine.render(primary.name()));
        argv.addAll(tlsArgv(primary));
        argv.addAll(nicArgv());
        argv.addAll(ProxyArgvRenderer.forVersion(qemuVersion).render(proxy.primary()));
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
        List<String> argv = new ArrayList<>(machine.render(secondary.name()));
        argv.addAll(tlsArgv(secondary));
        argv.addAll(nicArgv());
        argv.addAll(ProxyArgvRenderer.forVersion(qemuVersion).render(proxy.secondary()));
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

    /** The dry run: every phase as ordered (node, command) steps, for {@link #qemuVersion()}. */
    public ColoPlan plan() {
        return ColoSequences.dryRun(this);
    }

    /** The node's two {@code tls-creds-x509} objects when TLS is on (QEMU creates them before any chardev). */
    private List<String> tlsArgv(ColoNode node) {
        return tls == null ? List.of() : tls.argv(node.name());
    }

    private List<String> nicArgv() {
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < nics.size(); i++) {
            ColoNic nic = nics.get(i);
            argv.addAll(List.of("-netdev", nic.backend() + ",id=" + nic.netdev()));
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

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ColoPairSpec\n");
        s.append("  primary:   ").append(primary).append('\n');
        s.append("  secondary: ").append(secondary).append('\n');
        disks.forEach(d -> s.append("  disk:      ").append(d).append('\n'));
        nics.forEach(n -> s.append("  nic:       ").append(n).append('\n'));
        s.append("  checkpoint delay ").append(checkpointDelay.toMillis()).append(" ms, QEMU ").append(qemuVersion)
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
        private Duration checkpointDelay = Duration.ofSeconds(2);
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

        /** The machine options both nodes share; default {@link QemuCommandLine#defaults()}. */
        public Builder machine(QemuCommandLine machine) {
            this.machine = machine;
            return this;
        }

        /**
         * The QEMU version to render argv and the dry run for: the version of the QEMU that will run
         * the pair (argv spellings and QMP capabilities differ between releases). Unset (or
         * {@code null}), {@link #build()} runs {@code <machine binary> --version} on this host once per
         * binary and uses its answer; set it whenever the pair runs elsewhere or the binary is not
         * installed here.
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
         * cross-node rules (distinct names and QMP endpoints, no port used twice). Without
         * {@link #qemuVersion}, runs {@code <machine binary> --version} (once per binary per JVM) and
         * reports a {@code qemuVersion} problem when that fails.
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
                if (primary.qmp().equals(secondary.qmp())) {
                    problems.add(new ColoProblem("secondary.qmp", "is the primary's QMP endpoint " + primary.qmp()
                            + ": each QEMU needs its own"));
                }
            }
            if (checkpointDelay == null || checkpointDelay.toMillis() < 1) {
                problems.add(new ColoProblem("checkpointDelay", "must be at least 1 ms, got " + checkpointDelay));
            }
            if (machine == null) {
                problems.add(new ColoProblem("machine", "is required (QemuCommandLine.defaults())"));
            }
            QemuVersion version = qemuVersion != null ? qemuVersion : probedVersion(problems);
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
            return new ColoPairSpec(this, version, replication, proxy, warnings);
        }

        /** The machine binary's version on this host, or null with a problem saying to set qemuVersion. */
        private QemuVersion probedVersion(List<ColoProblem> problems) {
            String fix = ": set qemuVersion(QemuVersion.of(major, minor, micro)) to the version of the QEMU that"
                    + " will run the pair";
            if (machine == null) {
                problems.add(new ColoProblem("qemuVersion", "is not set and there is no machine binary to ask" + fix));
                return null;
            }
            QemuBinaryVersion.Probe probe = QemuBinaryVersion.of(machine.binary());
            if (probe.version() == null) {
                problems.add(new ColoProblem("qemuVersion", "is not set and the machine binary's version could not be"
                        + " probed (" + probe.failure() + ")" + fix + ", or make machine.binary name a QEMU on this host"));
            }
            return probe.version();
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
                proxy.warnings().forEach(w -> warnings.add(new ColoProblem(w.field(), w.message())));
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
