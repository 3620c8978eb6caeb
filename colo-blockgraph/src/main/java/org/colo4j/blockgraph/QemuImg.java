package org.colo4j.blockgraph;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.colo4j.qmp.QmpJson;

/**
 * Runs {@code qemu-img}: creates active and hidden disks of the right size and reads image facts
 * as typed values. Every run has a deadline; on expiry the process is killed and a
 * {@link QemuImgException} is thrown.
 *
 * <pre>{@code
 * QemuImg qemuImg = QemuImg.onPath();
 * long size = qemuImg.createActiveAndHidden(secondaryDisk, false);   // same size as the parent
 * QemuImgInfo info = qemuImg.info(Path.of("/dev/shm/active0.qcow2"));
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@code info} passes {@code -U} (force-share), so it also works on
 * images a running QEMU holds open.
 */
public final class QemuImg {

    /** The deadline of one qemu-img run unless {@link #withTimeout(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;
    private final Duration timeout;

    private QemuImg(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The {@code qemu-img} found on {@code PATH}, if any. */
    public static Optional<QemuImg> find() {
        return findOnPath("qemu-img").map(p -> new QemuImg(p, DEFAULT_TIMEOUT));
    }

    /**
     * The {@code qemu-img} on {@code PATH}.
     *
     * @throws QemuImgException if there is none (install Debian's qemu-utils)
     */
    public static QemuImg onPath() {
        return find().orElseThrow(() -> new QemuImgException(
                "qemu-img not found on PATH; install it (Debian/Ubuntu: apt-get install qemu-utils) or use QemuImg.at(path)",
                List.of(), -1, ""));
    }

    /** The {@code qemu-img} at {@code executable}; not checked until it is run. */
    public static QemuImg at(Path executable) {
        return new QemuImg(Objects.requireNonNull(executable, "executable"), DEFAULT_TIMEOUT);
    }

    /** The same qemu-img with another deadline per run (must be positive). */
    public QemuImg withTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new QemuImg(executable, timeout);
    }

    /** The executable this runs. */
    public Path executable() {
        return executable;
    }

    /** The deadline of one run. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * {@code qemu-img info --output=json -U <image>}.
     *
     * @throws QemuImgException if qemu-img fails (missing file, not an image, ...) or its output is unreadable
     */
    public QemuImgInfo info(Path image) {
        List<String> cmd = List.of(executable.toString(), "info", "--output=json", "-U", arg(image));
        String json = run(cmd);
        try {
            QemuImgInfo info = QmpJson.mapper().readValue(json, QemuImgInfo.class);
            if (info.format() == null) {
                throw new QemuImgException("qemu-img info printed no format for " + image + ": " + json, cmd, 0, "");
            }
            return info;
        } catch (JsonProcessingException e) {
            throw new QemuImgException("cannot read qemu-img info output for " + image + ": " + e.getOriginalMessage(),
                    cmd, e);
        }
    }

    /**
     * The virtual size of {@code image}: the declared one if any, else what {@code qemu-img info} reads.
     */
    public long virtualSize(DiskImage image) {
        return image.virtualSize() != null ? image.virtualSize() : info(image.path()).virtualSize();
    }

    /**
     * {@code qemu-img create -q -f <format> <path> <bytes>}.
     *
     * @param replaceExisting whether an existing file may be overwritten; when false and the file
     *     exists, nothing is run and a {@link QemuImgException} says so
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public void create(Path path, ImageFormat format, long bytes, boolean replaceExisting) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + bytes);
        }
        if (!replaceExisting && Files.exists(path)) {
            throw new QemuImgException(path + " already exists; delete it first or pass replaceExisting=true",
                    List.of(), -1, "");
        }
        run(List.of(executable.toString(), "create", "-q", "-f", format.qemuName(), arg(path), Long.toString(bytes)));
    }

    /**
     * Creates the empty qcow2 active and hidden disks of {@code disk}, both of the parent's virtual
     * size (declared, else read with {@code qemu-img info}).
     *
     * @param replaceExisting whether existing active/hidden files may be overwritten (they must be
     *     empty when replication starts, so recreating them is the normal way to reset them)
     * @return the size used, in bytes
     */
    public long createActiveAndHidden(SecondaryDisk disk, boolean replaceExisting) {
        long size = virtualSize(disk.parentImage());
        create(disk.activeImage().path(), ImageFormat.QCOW2, size, replaceExisting);
        create(disk.hiddenImage().path(), ImageFormat.QCOW2, size, replaceExisting);
        return size;
    }

    /** A relative path that looks like an option or a protocol prefix is given as {@code ./path}. */
    private static String arg(Path path) {
        String s = path.toString();
        return path.isAbsolute() || s.isEmpty() ? s : "./" + s;
    }

    private String run(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new QemuImgException("cannot run " + cmd.get(0) + ": " + e.getMessage(), cmd, e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new QemuImgException(String.join(" ", cmd) + " did not finish within " + timeout + "; killed it",
                        cmd, -1, tail(err));
            }
            int code = process.exitValue();
            String stderr = tail(err);
            if (code != 0) {
                throw new QemuImgException(String.join(" ", cmd) + " failed (exit " + code + ")"
                        + (stderr.isEmpty() ? "" : ": " + stderr), cmd, code, stderr);
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new QemuImgException("interrupted while running " + String.join(" ", cmd), cmd, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new QemuImgException("cannot read the output of " + String.join(" ", cmd), cmd, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        }, "qemu-img-output");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static String tail(CompletableFuture<String> err) {
        try {
            return err.get(5, TimeUnit.SECONDS).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    @Override
    public String toString() {
        return "QemuImg[" + executable + ", timeout " + timeout + "]";
    }
}
