package org.colo4j.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuIo;
import org.colo4j.Role;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpSubscription;

/**
 * The fault harness: a COLO pair whose primary runs in one network namespace and secondary in
 * another, joined by a veth pair ({@link NetnsLink}), driven from the test JVM over QMP unix sockets
 * in {@code dir} (unix sockets reach across network namespaces). It uses only colo-api's public API:
 * {@link ColoPairSpec} with the namespaces' addresses and {@link ColoPair#connect}.
 *
 * <pre>{@code
 * try (FaultPair p = FaultPair.create(dir, GuestImage.blank())) {
 *     p.pair().start();
 *     p.writePattern(0x5a);
 *     p.awaitCheckpoint();
 *     p.freeze(Role.SECONDARY);                  // or partition(), linkDown(), kill(role)
 *     p.pair().failover().onPrimary();
 *     p.kill(Role.SECONDARY);                    // fence the node that was cut off
 *     assert p.readsBack(Role.PRIMARY, 0x5a);
 * }
 * }</pre>
 *
 * <p>Faults: {@link #partition()} (silent drop), {@link #linkDown()}, {@link #heal()},
 * {@link #freeze(Role)} (SIGSTOP), {@link #thaw(Role)} (SIGCONT), {@link #kill(Role)} (SIGKILL).
 * Roles name the namespaces, and so the nodes started in them: after a failover and a resume the
 * node in the secondary's namespace may well be the primary.
 *
 * <p>The machine is small (one 64 MiB disk unless the guest image is bigger, {@code -m 128}, one
 * rtl8139 NIC on {@code -netdev user} without its iPXE option ROM, which crashes this host's
 * software KVM) and checkpoints often ({@link #CHECKPOINT_DELAY}). {@link #close()} closes the
 * pairs, kills every QEMU it started, by pid, and deletes both namespaces; so does the JVM's exit
 * if a test never got that far.
 */
final class FaultPair implements AutoCloseable {

    /** Where the data checks write: 16 MiB into the disk, clear of a guest's boot sector and counters. */
    static final long PATTERN_OFFSET = 16L << 20;
    /** How much each data check writes and reads. */
    static final int PATTERN_LENGTH = 1 << 20;
    /** The pair's checkpoint interval: short, so that checkpoints happen often. */
    static final Duration CHECKPOINT_DELAY = Duration.ofMillis(200);
    /** How long {@link #awaitCheckpoint()} waits. */
    static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final NetnsLink link;
    private final QemuImg img = QemuImg.onPath();
    private final GuestImage guest;
    private final long diskSize;
    private final ColoPairSpec spec;
    private final Map<Role, NetnsNode> nodes = new EnumMap<>(Role.class);
    private final List<NetnsNode> started = new CopyOnWriteArrayList<>();
    private final List<ColoPair> pairs = new CopyOnWriteArrayList<>();
    private final AtomicInteger replacements = new AtomicInteger();
    private ColoPair pair;

    private FaultPair(Path dir, NetnsLink link, GuestImage guest, long diskSize, ColoPairSpec spec) {
        this.dir = dir;
        this.link = link;
        this.guest = guest;
        this.diskSize = diskSize;
        this.spec = spec;
    }

    /**
     * Makes the namespaces and the images in {@code dir}, starts the primary, then the secondary (so
     * that the secondary's proxy chardevs find the primary listening), and connects a
     * {@link ColoPair}. The pair is not started.
     */
    static FaultPair create(Path dir, GuestImage guest) {
        NetnsLink link = NetnsLink.create();
        FaultPair p = null;
        try {
            Files.createDirectories(dir);
            Path primaryImage = dir.resolve("primary0.qcow2");
            Path parent = dir.resolve("secondary-parent0.qcow2");
            Path active = dir.resolve("secondary-active0.qcow2");
            Path hidden = dir.resolve("secondary-hidden0.qcow2");
            long size = writeImages(QemuImg.onPath(), guest, primaryImage, parent, active, hidden);
            ColoPairSpec spec = ColoPairSpec.builder()
                    .primary(node("primary", Role.PRIMARY, dir.resolve("primary.qmp")))
                    .secondary(node("secondary", Role.SECONDARY, dir.resolve("secondary.qmp")))
                    .machine(QemuCommandLine.builder().accel("kvm").memoryMiB(128)
                            .extra("-global", "rtl8139.romfile=").build())
                    .disk(ColoDisk.builder().id("colo-disk0").primaryImage(primaryImage).secondaryImage(parent)
                            .activeImage(active).hiddenImage(hidden).build())
                    .nic(ColoNic.builder().netdev("hn0").build())
                    .checkpointDelay(CHECKPOINT_DELAY)
                    .build();
            p = new FaultPair(dir, link, guest, size, spec);
            p.nodes.put(Role.PRIMARY, p.launch("primary", Role.PRIMARY, spec.primaryArgv(), spec.primary().qmp()));
            p.nodes.put(Role.SECONDARY, p.launch("secondary", Role.SECONDARY, spec.secondaryArgv(), spec.secondary().qmp()));
            p.pair = p.adopt(ColoPair.connect(spec));
            return p;
        } catch (IOException e) {
            closeQuietly(p, link);
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(p, link);
            throw e;
        }
    }

    /** The guest's disk as the primary image, the same bytes as the secondary's parent, and empty active and hidden disks. */
    private static long writeImages(QemuImg img, GuestImage guest, Path primary, Path parent, Path active, Path hidden) {
        long size = guest.writeTo(img, primary);
        try {
            Files.copy(primary, parent, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + primary + " to " + parent, e);
        }
        img.create(active, ImageFormat.QCOW2, size, true);
        img.create(hidden, ImageFormat.QCOW2, size, true);
        return size;
    }

    private static ColoNode node(String name, Role role, Path qmp) {
        return ColoNode.builder().name(name).address(NetnsLink.address(role)).qmp(QmpEndpoint.unix(qmp)).build();
    }

    /** The spec the pair was created from (nodes at the namespaces' addresses). */
    ColoPairSpec spec() {
        return spec;
    }

    /** The pair connected by {@link #create}. */
    ColoPair pair() {
        return pair;
    }

    /** Closes the current pair and connects a fresh one for {@link #spec()}, as a restarted controller would. */
    ColoPair reconnect() {
        pair.close();
        pair = adopt(ColoPair.connect(spec));
        return pair;
    }

    /**
     * Kills the QEMUs of {@code roles} (by pid), resets their images and starts them again from the
     * spec's argv, in their namespaces, the primary first; then {@link #reconnect()}s. For retrying a
     * start that failed before COLO began: resetting the secondary alone is right only while the
     * primary's guest has never run (it stays paused until COLO starts), since its parent image is
     * copied from the primary's again.
     */
    ColoPair relaunch(Role... roles) {
        java.util.Set<Role> which = java.util.EnumSet.noneOf(Role.class);
        which.addAll(List.of(roles));
        ColoDisk disk = spec.disks().get(0);
        for (Role role : which) {
            nodes.get(role).kill();
        }
        if (which.contains(Role.PRIMARY)) {
            writeImages(img, guest, disk.primaryImage().path(), disk.secondaryImage().path(), disk.activeImage().path(),
                    disk.hiddenImage().path());
        } else if (which.contains(Role.SECONDARY)) {
            try {
                Files.copy(disk.primaryImage().path(), disk.secondaryImage().path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reset " + disk.secondaryImage().path(), e);
            }
            img.create(disk.activeImage().path(), ImageFormat.QCOW2, diskSize, true);
            img.create(disk.hiddenImage().path(), ImageFormat.QCOW2, diskSize, true);
        }
        for (Role role : Role.values()) {
            if (which.contains(role)) {
                QmpEndpoint qmp = spec.node(role).qmp();
                try {
                    Files.deleteIfExists(((QmpEndpoint.Unix) qmp).path());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the old QMP socket of the " + role, e);
                }
                String name = spec.node(role).name() + "-relaunch" + replacements.incrementAndGet();
                nodes.put(role, launch(name, role, spec.argv(role), qmp));
            }
        }
        return reconnect();
    }

    /** Closes {@code other} (e.g. a resumed pair) with this harness. */
    ColoPair adopt(ColoPair other) {
        pairs.add(other);
        return other;
    }

    NetnsLink link() {
        return link;
    }

    /** The QEMU first started in {@code role}'s namespace. */
    NetnsNode node(Role role) {
        return nodes.get(role);
    }

    /** The guest every node boots. */
    GuestImage guest() {
        return guest;
    }

    // ------------------------------------------------------------------ faults

    /** {@link NetnsLink#partition()}: silent drop both ways. */
    void partition() {
        link.partition();
    }

    /** {@link NetnsLink#linkDown()}. */
    void linkDown() {
        link.linkDown();
    }

    /** {@link NetnsLink#heal()}. */
    void heal() {
        link.heal();
    }

    /** SIGSTOP to the QEMU in {@code role}'s namespace. */
    void freeze(Role role) {
        nodes.get(role).freeze();
    }

    /** SIGCONT to the QEMU in {@code role}'s namespace. */
    void thaw(Role role) {
        nodes.get(role).thaw();
    }

    /** SIGKILL to the QEMU in {@code role}'s namespace; waits until it is gone. */
    void kill(Role role) {
        nodes.get(role).kill();
    }

    // ------------------------------------------------------------------ data checks

    /** qemu-io on the node in {@code role} of {@code p} (this harness's pair or one resumed from it). */
    QemuIo io(ColoPair p, Role role) {
        return QemuIo.of(p.qmp(role), process(p.spec().node(role)).log());
    }

    /** Writes {@code pattern} in slot 0 of {@code colo-disk0} on the primary of {@link #pair()}. */
    void writePattern(int pattern) {
        writePattern(pair, pattern, 0);
    }

    /** Writes {@code pattern} in slot 0 of {@code colo-disk0} on the primary of {@code p}. */
    void writePattern(ColoPair p, int pattern) {
        writePattern(p, pattern, 0);
    }

    /**
     * Writes {@code pattern} in {@code slot} of {@code colo-disk0} on the primary of {@code p}: the
     * {@link #PATTERN_LENGTH} bytes at {@link #PATTERN_OFFSET} + slot × {@link #PATTERN_LENGTH}.
     */
    void writePattern(ColoPair p, int pattern, int slot) {
        io(p, Role.PRIMARY).writeBetweenCheckpoints(disk(), pattern, offset(slot), PATTERN_LENGTH);
    }

    /** Whether {@code role}'s node of {@link #pair()} reads {@code pattern} back in slot 0. */
    boolean readsBack(Role role, int pattern) {
        return readsBack(pair, role, pattern, 0);
    }

    /** Whether {@code role}'s node of {@code p} reads {@code pattern} back in {@code slot}. */
    boolean readsBack(ColoPair p, Role role, int pattern, int slot) {
        return io(p, role).verify(disk(), pattern, offset(slot), PATTERN_LENGTH);
    }

    /** Where data-check slot {@code slot} begins. */
    static long offset(int slot) {
        return PATTERN_OFFSET + (long) slot * PATTERN_LENGTH;
    }

    /** The disk's device id ({@code colo-disk0}). */
    String disk() {
        return spec.disks().get(0).id();
    }

    /** Waits until the current pair's primary completes a checkpoint that begins after this call. */
    void awaitCheckpoint() {
        awaitCheckpoint(pair.qmp(Role.PRIMARY));
    }

    /** Waits until {@code primary} completes a checkpoint (a STOP, then a RESUME) that begins after this call. */
    static void awaitCheckpoint(QmpClient primary) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (QmpSubscription sub = primary.onAnyEvent(e -> seen.add(e.name()))) {
            long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
            while (true) {
                int stop = seen.indexOf("STOP");
                if (stop >= 0 && seen.subList(stop, seen.size()).contains("RESUME")) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no checkpoint (STOP, then RESUME) on the primary within " + CHECKPOINT_TIMEOUT
                            + "; its events: " + seen);
                }
                sleep(5);
            }
        }
    }

    // ------------------------------------------------------------------ more nodes

    /** Starts {@code argv} as a QEMU named {@code name} in {@code role}'s namespace; closed with this harness. */
    NetnsNode launch(String name, Role role, List<String> argv, QmpEndpoint qmp) {
        NetnsNode n = NetnsNode.start(name, link, role, argv, qmp, dir.resolve(name + ".log"));
        started.add(n);
        return n;
    }

    /**
     * A fresh secondary for {@link ColoPair#resumeReplication(ColoPairSpec)} after a failover of
     * {@code failedOver} onto {@code survivor}: it runs in the other role's namespace (where the node
     * that died ran), with blank images of its own, and is started with the next spec's secondary argv.
     */
    Replacement startReplacement(ColoPairSpec failedOver, Role survivor) {
        int n = replacements.incrementAndGet();
        String name = "secondary" + (n + 1);
        Role where = nsOf(failedOver.node(survivor)).other();
        Path parent = dir.resolve(name + "-parent0.qcow2");
        Path active = dir.resolve(name + "-active0.qcow2");
        Path hidden = dir.resolve(name + "-hidden0.qcow2");
        for (Path p : List.of(parent, active, hidden)) {
            img.create(p, ImageFormat.QCOW2, diskSize, true);
        }
        ColoNode node = node(name, where, dir.resolve(name + ".qmp"));
        ColoPairSpec next = failedOver.afterFailover(survivor, node, List.of(ColoDisk.builder()
                .primaryImage(parent).secondaryImage(parent).activeImage(active).hiddenImage(hidden).build()));
        return new Replacement(next, launch(name, where, next.secondaryArgv(), node.qmp()));
    }

    /** The namespace a node of a spec runs in, from its address. */
    static Role nsOf(ColoNode node) {
        return node.address().equals(NetnsLink.PRIMARY_ADDRESS) ? Role.PRIMARY : Role.SECONDARY;
    }

    /** The QEMU of {@code node}, one of the nodes this harness started (by QMP endpoint). */
    NetnsNode process(ColoNode node) {
        return started.stream().filter(n -> n.qmp().equals(node.qmp())).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException(node + " was not started by this harness"));
    }

    /** Every QEMU this harness started, in order (the replacements too). */
    List<NetnsNode> started() {
        return List.copyOf(started);
    }

    /** The directory of the images, QMP sockets and QEMU logs. */
    Path dir() {
        return dir;
    }

    /** A replacement secondary: the spec to resume with and its QEMU. */
    record Replacement(ColoPairSpec spec, NetnsNode node) {}

    // ------------------------------------------------------------------ close

    /** Closes every pair, kills every QEMU this harness started (by pid), deletes the namespaces. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        pairs.forEach(p -> attempt(p::close, failures));
        started.forEach(n -> attempt(n::close, failures));
        attempt(link::close, failures);
        if (!failures.isEmpty()) {
            RuntimeException e = new IllegalStateException("closing " + this + " failed: " + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void attempt(Runnable r, List<RuntimeException> failures) {
        try {
            r.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static void closeQuietly(FaultPair p, NetnsLink link) {
        try {
            if (p != null) {
                p.close();
            } else {
                link.close();
            }
        } catch (RuntimeException ignored) {
            // the first failure is the one to report
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "FaultPair{" + link + ", " + started + "}";
    }
}
