package org.colo4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.colo4j.ColoDisk;
import org.colo4j.ColoNic;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoTls;
import org.colo4j.LoopbackPorts;
import org.colo4j.QemuCommandLine;
import org.colo4j.QemuLauncher;
import org.colo4j.Role;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.blockgraph.QemuImg;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpEvent;
import org.colo4j.qmp.QmpSubscription;

/**
 * What TLS costs a COLO checkpoint: the same pair (KVM, 128 MiB, one 64 MiB disk, one NIC, checkpoint
 * delay 500 ms) started plain and with {@link ColoTls} on every channel, alternately, and per
 * checkpoint the time the primary's guest is paused (QEMU's timestamps of its STOP and RESUME
 * events) and the migration bytes. Two guests: one whose boot sector halts (idle), one whose boot
 * sector rewrites 512 KiB of RAM in a loop (so every checkpoint carries 128 dirty pages).
 * Certificates are made with {@code openssl}. Prints a Markdown section; {@code --append FILE} also
 * appends it there.
 *
 * <pre>
 * java -cp &lt;benchmarks classpath&gt; org.colo4j.benchmarks.TlsCheckpointCost --rounds 3 --checkpoints 20 --append BENCHMARKS.md
 * </pre>
 */
public final class TlsCheckpointCost {

    private static final long DISK_SIZE = 64L << 20;

    /** cli; cld; then forever: fill segments 0x1000-0x8000 (512 KiB) with a counter that changes every pass. */
    private static final byte[] DIRTYING_BOOT_SECTOR = hex(
            "FA FC 31 C0 BB 00 10 8E C3 31 FF B9 00 80 F3 AB 81 C3 00 10 81 FB 00 90 72 ED 40 EB E7");
    /** cli; hlt; jmp back to hlt. */
    private static final byte[] HALTING_BOOT_SECTOR = hex("FA F4 EB FD");

    private TlsCheckpointCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int checkpoints = 20;
        Path append = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--checkpoints" -> checkpoints = Integer.parseInt(args[++i]);
                case "--append" -> append = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        Path root = Files.createTempDirectory("colo4j-tls-bench");
        ColoTls tls = makePki(root.resolve("pki"));
        StringBuilder md = new StringBuilder();
        md.append("\n## What TLS costs a checkpoint (").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC).format(Instant.now())).append(")\n\n");
        md.append("Written by hand from `org.colo4j.benchmarks.TlsCheckpointCost` (not part of `-Pbench`). Machine: ")
                .append(machine()).append(". Each round starts the same pair twice, plain and with `ColoTls` on NBD, ")
                .append("migration and proxy (order alternating): primary 127.0.0.1, secondary 127.0.0.2, `-accel kvm`, ")
                .append("128 MiB, one 64 MiB qcow2, one rtl8139 NIC through the proxy, checkpoint delay 500 ms, EC P-256 ")
                .append("certificates from `openssl`. After `start()`, once the guest runs its boot sector (SeaBIOS takes 10–15 s here) and two more checkpoints, ").append(checkpoints)
                .append(" checkpoints are measured per start, ").append(rounds).append(" rounds: a checkpoint's duration is ")
                .append("the primary's STOP-to-RESUME time by QEMU's own event timestamps (the guest is paused for it); ")
                .append("bytes per checkpoint are what the primary sent on its migration connection meanwhile (the kernel's `bytes_sent` from `ss -tin`, TLS records included; `query-migrate` reports no byte counts in COLO).\n\n");
        md.append("| guest | channels | checkpoints | median | p90 | min–max | mean | migration bytes / checkpoint |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (boolean dirtying : new boolean[] {false, true}) {
            Result plain = new Result();
            Result secured = new Result();
            for (int r = 0; r < rounds; r++) {
                for (boolean withTls : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    Path dir = root.resolve((dirtying ? "dirty" : "idle") + r + (withTls ? "-tls" : "-plain"));
                    measure(dir, withTls ? tls : null, dirtying, checkpoints, withTls ? secured : plain);
                }
            }
            String guest = dirtying ? "rewrites 512 KiB of RAM" : "halted";
            md.append(plain.row(guest, "plain text")).append(secured.row(guest, "TLS (all three)"));
        }
        md.append("\nThe run took ").append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).append(" s.\n");
        System.out.print(md);
        if (append != null) {
            Files.writeString(append, md, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        Processes.stopAll();
        deleteTree(root);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Checkpoint durations (ms) and bytes per checkpoint of one configuration, over all its starts. */
    private static final class Result {
        final Series millis = new Series();
        final Series bytesPerCheckpoint = new Series();

        String row(String guest, String channels) {
            double mean = millis.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            return String.format(Locale.ROOT, "| %s | %s | %d | %.2f ms | %.2f ms | %.2f–%.2f ms | %.2f ms | %.0f KiB |%n",
                    guest, channels, millis.size(), millis.median(), millis.percentile(90), millis.min(), millis.max(), mean,
                    bytesPerCheckpoint.median() / 1024);
        }
    }

    private static void measure(Path dir, ColoTls tls, boolean dirtying, int checkpoints, Result into) throws Exception {
        Files.createDirectories(dir);
        ColoPairSpec spec = spec(dir, tls, dirtying);
        QemuLauncher primary = Processes.track(QemuLauncher.start(spec.primaryArgv(), spec.primary().qmp(), dir.resolve("primary.log")));
        QemuLauncher secondary = null;
        try {
            secondary = Processes.track(QemuLauncher.start(spec.secondaryArgv(), spec.secondary().qmp(), dir.resolve("secondary.log")));
            try (ColoPair pair = ColoPair.connect(spec)) {
                pair.start();
                awaitBootSector(pair);
                List<QmpEvent> events = new CopyOnWriteArrayList<>();
                try (QmpSubscription sub = pair.qmp(Role.PRIMARY).onAnyEvent(events::add)) {
                    awaitCheckpoints(events, 2);
                    events.clear();
                    long before = migrationBytes(spec);
                    List<Duration> paused = awaitCheckpoints(events, checkpoints);
                    long after = migrationBytes(spec);
                    paused.forEach(d -> into.millis.add(d.toNanos() / 1e6));
                    into.bytesPerCheckpoint.add((after - before) / (double) checkpoints);
                }
                if (!pair.status().isReplicating()) {
                    throw new IllegalStateException("the pair left COLO during the measurement: " + pair.status());
                }
            }
        } finally {
            Processes.stop(secondary);
            Processes.stop(primary);
        }
    }

    /**
     * Waits until the primary's guest runs its boot sector (SeaBIOS takes 10-15 s under this host's
     * nested KVM), so that the checkpoints measured are the guest's own, not the firmware's.
     */
    private static void awaitBootSector(ColoPair pair) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!pair.qmp(Role.PRIMARY).hmp("info registers").contains("EIP=00007c")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the guest did not reach its boot sector within 90 s");
            }
            Thread.sleep(200);
        }
    }

    /** Waits for {@code n} complete checkpoints (a STOP, then a RESUME) and returns each one's paused time. */
    private static List<Duration> awaitCheckpoints(List<QmpEvent> events, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10L + n).toNanos();
        while (true) {
            List<Duration> out = new ArrayList<>();
            Instant stop = null;
            for (QmpEvent e : events) {
                if (e.name().equals("STOP")) {
                    stop = e.timestamp();
                } else if (e.name().equals("RESUME") && stop != null) {
                    out.add(Duration.between(stop, e.timestamp()));
                    stop = null;
                }
            }
            if (out.size() >= n) {
                return out.subList(0, n);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + out.size() + " of " + n + " checkpoints came");
            }
            Thread.sleep(50);
        }
    }

    /**
     * The bytes sent so far on the primary's migration connection to the secondary, as the kernel
     * counts them ({@code bytes_sent} of {@code ss -tin}, TLS records included); {@code query-migrate}
     * reports no byte counts in COLO, only {@code {"status": "colo"}}.
     */
    private static long migrationBytes(ColoPairSpec spec) throws IOException, InterruptedException {
        String dst = spec.secondary().address() + ":" + spec.secondary().migrationPort();
        Process p = new ProcessBuilder("ss", "-tinH", "dst", dst).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes_sent:(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IOException("ss shows no bytes_sent for the migration connection to " + dst + ": " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static ColoPairSpec spec(Path dir, ColoTls tls, boolean dirtying) throws IOException, InterruptedException {
        Path raw = dir.resolve("boot.raw");
        byte[] sector = new byte[512];
        byte[] code = dirtying ? DIRTYING_BOOT_SECTOR : HALTING_BOOT_SECTOR;
        System.arraycopy(code, 0, sector, 0, code.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        Files.write(raw, sector);
        try (var f = new java.io.RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(DISK_SIZE);
        }
        Path primaryImage = dir.resolve("primary0.qcow2");
        run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), primaryImage.toString()));
        Files.delete(raw);
        Path parent = dir.resolve("secondary-parent0.qcow2");
        Files.copy(primaryImage, parent);
        Path active = dir.resolve("secondary-active0.qcow2");
        Path hidden = dir.resolve("secondary-hidden0.qcow2");
        QemuImg img = QemuImg.onPath();
        img.create(active, ImageFormat.QCOW2, DISK_SIZE, false);
        img.create(hidden, ImageFormat.QCOW2, DISK_SIZE, false);
        return ColoPairSpec.builder()
                .primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp")))
                        .migrationPort(LoopbackPorts.freePort()).nbdPort(LoopbackPorts.freePort()).build())
                .machine(QemuCommandLine.builder().accel("kvm").memoryMiB(128).build())
                .portPlan(PortPlan.of(LoopbackPorts.freeRange(10), 10))
                .checkpointDelay(Duration.ofMillis(500))
                .disk(ColoDisk.builder().primaryImage(primaryImage).secondaryImage(parent).activeImage(active).hiddenImage(hidden).build())
                .nic(ColoNic.builder().netdev("hn0").model(NicModel.RTL8139).build())
                .tls(tls)
                .build();
    }

    /** A CA and both nodes' x509 directories, made with openssl. */
    private static ColoTls makePki(Path pki) throws IOException, InterruptedException {
        Files.createDirectories(pki);
        run(pki, "openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca-cert.pem", "-days", "2", "-subj", "/CN=colo4j bench CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        ColoTls.Builder b = ColoTls.builder().filesOnThisHost(true);
        int serial = 1;
        for (String[] node : new String[][] {{"primary", "127.0.0.1"}, {"secondary", "127.0.0.2"}}) {
            Path d = Files.createDirectories(pki.resolve(node[0]));
            Files.copy(pki.resolve("ca-cert.pem"), d.resolve("ca-cert.pem"));
            for (String kind : List.of("server", "client")) {
                Files.writeString(d.resolve(kind + ".ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=" + kind + "Auth\nsubjectAltName=IP:" + node[1] + "\n");
                run(d, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", kind + "-key.pem", "-out", kind + ".csr", "-subj", "/CN=" + node[0]);
                run(d, "openssl", "x509", "-req", "-in", kind + ".csr", "-CA", pki.resolve("ca-cert.pem").toString(),
                        "-CAkey", pki.resolve("ca-key.pem").toString(), "-set_serial", Integer.toString(serial++), "-days", "2",
                        "-extfile", kind + ".ext", "-out", kind + "-cert.pem");
            }
            b.node(node[0], d);
        }
        return b.build();
    }

    private static void run(Path cwd, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        run(Path.of("."), cmd.toArray(String[]::new));
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            // keep "?"
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average " + load
                + " at the start (the machine is shared), QEMU " + qemuVersion();
    }

    private static String qemuVersion() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("?").replace("QEMU emulator version ", "");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
