package org.colo4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The machine part of a node's command line, which is the user's: binary, machine type,
 * accelerator with its options, memory, CPUs, serial port, QEMU's log and any extra arguments.
 * colo4j appends the COLO parts (NICs, proxy, drives, QMP, {@code -S} or {@code -incoming}).
 *
 * <pre>{@code
 * QemuCommandLine machine = QemuCommandLine.builder().accel("kvm").memoryMiB(1024).cpus(2)
 *         .extra("-device", "usb-tablet").build();
 * // what differs on one host, starting from the shared settings:
 * QemuCommandLine onHostB = machine.toBuilder().binary("/opt/qemu/bin/qemu-system-x86_64")
 *         .serial("file:/var/log/colo/guest-serial.log").logFile(Path.of("/var/log/colo/qemu.log")).build();
 * }</pre>
 *
 * <p>The spec's {@link ColoPairSpec.Builder#machine} is both nodes' default; a node whose host differs
 * gives its own with {@link ColoNode.Builder#machine}. Defaults:
 * {@code qemu-system-x86_64 -machine pc,accel=kvm -m 512 -smp 1 -nodefaults -display none}. COLO
 * checkpoints need KVM on QEMU 7.2 (under TCG the first checkpoint deadlocks).
 */
public final class QemuCommandLine {

    private static final QemuCommandLine DEFAULTS = new Builder().build();

    private final String binary;
    private final String machine;
    private final String accel;
    private final Map<String, String> accelOptions;
    private final int memoryMiB;
    private final int cpus;
    private final String cpu;
    private final boolean headless;
    private final String serial;
    private final Path logFile;
    private final String logItems;
    private final List<String> extra;

    private QemuCommandLine(Builder b, String accel, Map<String, String> accelOptions) {
        this.binary = b.binary;
        this.machine = b.machine;
        this.accel = accel;
        this.accelOptions = Collections.unmodifiableMap(new LinkedHashMap<>(accelOptions));
        this.memoryMiB = b.memoryMiB;
        this.cpus = b.cpus;
        this.cpu = b.cpu;
        this.headless = b.headless;
        this.serial = b.serial;
        this.logFile = b.logFile;
        this.logItems = b.logItems;
        this.extra = List.copyOf(b.extra);
    }

    /** The defaults listed above. */
    public static QemuCommandLine defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this command line's values, e.g. to derive one host's from the shared one. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.binary = binary;
        b.machine = machine;
        b.accel = accelSpec();
        b.memoryMiB = memoryMiB;
        b.cpus = cpus;
        b.cpu = cpu;
        b.headless = headless;
        b.serial = serial;
        b.logFile = logFile;
        b.logItems = logItems;
        b.extra.addAll(extra);
        return b;
    }

    /** The QEMU binary: a name looked up on PATH, or a path. */
    public String binary() {
        return binary;
    }

    /** The machine type, e.g. {@code pc}. */
    public String machine() {
        return machine;
    }

    /** The accelerator's name, e.g. {@code kvm} or {@code tcg}, without its options. */
    public String accel() {
        return accel;
    }

    /** The accelerator's options in the order given, e.g. {@code thread=single}; empty when none. */
    public Map<String, String> accelOptions() {
        return accelOptions;
    }

    /** The accelerator as QEMU's {@code -accel} spells it: {@code tcg,thread=single}, or {@code kvm}. */
    public String accelSpec() {
        StringBuilder s = new StringBuilder(accel);
        accelOptions.forEach((k, v) -> s.append(',').append(k).append('=').append(v));
        return s.toString();
    }

    public int memoryMiB() {
        return memoryMiB;
    }

    public int cpus() {
        return cpus;
    }

    /** The {@code -cpu} model, or null for QEMU's default. */
    public String cpu() {
        return cpu;
    }

    /** Whether {@code -nodefaults -display none} is added. */
    public boolean headless() {
        return headless;
    }

    /** The {@code -serial} value, e.g. {@code file:/var/log/colo/serial.log}, or null for none. */
    public String serial() {
        return serial;
    }

    /** QEMU's log file ({@code -D}), or null for standard error. */
    public Path logFile() {
        return logFile;
    }

    /** What QEMU logs ({@code -d}, e.g. {@code guest_errors,unimp}), or null for nothing extra. */
    public String logItems() {
        return logItems;
    }

    /** Arguments appended verbatim, after everything else of the machine part. */
    public List<String> extra() {
        return extra;
    }

    /**
     * The machine arguments for a VM named {@code name}, binary first. An accelerator without options
     * is rendered as {@code -machine pc,accel=kvm}; one with options as {@code -machine pc -accel
     * tcg,thread=single}.
     */
    public List<String> render(String name) {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(List.of("-name", name));
        if (accelOptions.isEmpty()) {
            argv.addAll(List.of("-machine", machine + ",accel=" + accel));
        } else {
            argv.addAll(List.of("-machine", machine, "-accel", accelSpec()));
        }
        argv.addAll(List.of("-m", Integer.toString(memoryMiB), "-smp", Integer.toString(cpus)));
        if (cpu != null) {
            argv.addAll(List.of("-cpu", cpu));
        }
        if (headless) {
            argv.addAll(List.of("-nodefaults", "-display", "none"));
        }
        if (serial != null) {
            argv.addAll(List.of("-serial", serial));
        }
        if (logFile != null) {
            argv.addAll(List.of("-D", logFile.toString()));
        }
        if (logItems != null) {
            argv.addAll(List.of("-d", logItems));
        }
        argv.addAll(extra);
        return argv;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QemuCommandLine q && binary.equals(q.binary) && machine.equals(q.machine)
                && accel.equals(q.accel) && accelOptions.equals(q.accelOptions)
                && List.copyOf(accelOptions.keySet()).equals(List.copyOf(q.accelOptions.keySet()))
                && memoryMiB == q.memoryMiB && cpus == q.cpus && Objects.equals(cpu, q.cpu) && headless == q.headless
                && Objects.equals(serial, q.serial) && Objects.equals(logFile, q.logFile)
                && Objects.equals(logItems, q.logItems) && extra.equals(q.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(binary, machine, accel, accelOptions, memoryMiB, cpus, cpu, headless, serial, logFile, logItems,
                extra);
    }

    @Override
    public String toString() {
        return String.join(" ", render("<name>"));
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String binary = "qemu-system-x86_64";
        private String machine = "pc";
        private String accel = "kvm";
        private int memoryMiB = 512;
        private int cpus = 1;
        private String cpu;
        private boolean headless = true;
        private String serial;
        private Path logFile;
        private String logItems;
        private final List<String> extra = new ArrayList<>();

        private Builder() {}

        /** The QEMU binary: a name looked up on PATH or a path. */
        public Builder binary(String binary) {
            this.binary = binary;
            return this;
        }

        /** The machine type, e.g. {@code pc} or {@code q35}; it must have an IDE bus for {@code if=ide} drives. */
        public Builder machine(String machine) {
            this.machine = machine;
            return this;
        }

        /**
         * The accelerator as QEMU's {@code -accel} takes it: a name ({@code kvm}, needed for
         * checkpoints on QEMU 7.2, or {@code tcg}), optionally followed by {@code ,key=value} options,
         * e.g. {@code tcg,thread=single} or {@code kvm,kernel-irqchip=split}.
         */
        public Builder accel(String accel) {
            this.accel = accel;
            return this;
        }

        public Builder memoryMiB(int memoryMiB) {
            this.memoryMiB = memoryMiB;
            return this;
        }

        public Builder cpus(int cpus) {
            this.cpus = cpus;
            return this;
        }

        /** The {@code -cpu} model (with its options), or null for QEMU's default. */
        public Builder cpu(String cpu) {
            this.cpu = cpu;
            return this;
        }

        /** Adds {@code -nodefaults -display none} (default true). */
        public Builder headless(boolean headless) {
            this.headless = headless;
            return this;
        }

        /**
         * The guest's serial port ({@code -serial}), e.g. {@code file:/var/log/colo/serial.log}; null
         * (the default) for none when headless. Usually differs per host: give it in the node's own
         * machine.
         */
        public Builder serial(String serial) {
            this.serial = serial;
            return this;
        }

        /** QEMU's log file ({@code -D}); null (the default) logs to standard error. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** What QEMU logs ({@code -d}), e.g. {@code guest_errors,unimp}; null (the default) for nothing extra. */
        public Builder logItems(String items) {
            this.logItems = items;
            return this;
        }

        /** Appends arguments verbatim, e.g. {@code extra("-device", "usb-tablet")}. */
        public Builder extra(String... args) {
            for (String a : args) {
                extra.add(Objects.requireNonNull(a, "extra argument"));
            }
            return this;
        }

        /** Removes every extra argument given so far, e.g. before giving a node its own. */
        public Builder clearExtra() {
            extra.clear();
            return this;
        }

        /** @throws ColoValidationException naming every bad field and its fix */
        public QemuCommandLine build() {
            List<ColoProblem> problems = new ArrayList<>();
            if (binary == null || binary.isBlank() || controlCharacter(binary)) {
                problems.add(new ColoProblem("binary", "must name the QEMU binary, e.g. qemu-system-x86_64 or"
                        + " /usr/bin/qemu-system-x86_64; got '" + binary + "'"));
            }
            if (machine == null || !machine.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                problems.add(new ColoProblem("machine", "must be a machine type such as pc or q35 (no options: put accel in"
                        + " accel(...)); got '" + machine + "'"));
            }
            Map<String, String> options = new LinkedHashMap<>();
            String accelName = parseAccel(problems, options);
            if (memoryMiB < 16) {
                problems.add(new ColoProblem("memoryMiB", "must be at least 16, got " + memoryMiB));
            }
            if (cpus < 1) {
                problems.add(new ColoProblem("cpus", "must be at least 1, got " + cpus));
            }
            if (cpu != null && (cpu.isBlank() || controlCharacter(cpu))) {
                problems.add(new ColoProblem("cpu", "must be a CPU model such as host or qemu64, or null for QEMU's"
                        + " default; got '" + cpu + "'"));
            }
            if (serial != null && (serial.isBlank() || controlCharacter(serial))) {
                problems.add(new ColoProblem("serial", "must be a -serial value such as file:/var/log/colo/serial.log,"
                        + " or null for none; got '" + serial + "'"));
            }
            if (logFile != null && (logFile.toString().isEmpty() || controlCharacter(logFile.toString()))) {
                problems.add(new ColoProblem("logFile", "must be a file path, or null for standard error; got '"
                        + logFile + "'"));
            }
            if (logItems != null && !logItems.matches("[a-z0-9_]+(,[a-z0-9_]+)*")) {
                problems.add(new ColoProblem("logItems", "must be -d items separated by ',' (see qemu-system-x86_64 -d"
                        + " help), e.g. guest_errors,unimp; got '" + logItems + "'"));
            }
            for (int i = 0; i < extra.size(); i++) {
                if (controlCharacter(extra.get(i))) {
                    problems.add(new ColoProblem("extra[" + i + "]", "contains a newline or NUL; give one plain argument"
                            + " per element"));
                }
            }
            if (!problems.isEmpty()) {
                throw new ColoValidationException("QemuCommandLine", problems);
            }
            return new QemuCommandLine(this, accelName, options);
        }

        /** The accelerator's name, with its options put in {@code options}; problems under {@code accel}. */
        private String parseAccel(List<ColoProblem> problems, Map<String, String> options) {
            String fix = ": give kvm or tcg, optionally with ,key=value options as -accel takes them, e.g."
                    + " tcg,thread=single; got '" + accel + "'";
            if (accel == null) {
                problems.add(new ColoProblem("accel", "is required" + fix));
                return null;
            }
            String[] parts = accel.split(",", -1);
            if (!parts[0].matches("[a-z]+")) {
                problems.add(new ColoProblem("accel", "must start with the accelerator's name in lower case" + fix));
            }
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i];
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1 || !part.substring(0, eq).matches("[a-z][a-z0-9-]*")
                        || controlCharacter(part)) {
                    problems.add(new ColoProblem("accel", "option '" + part + "' is not key=value (write a flag as"
                            + " key=on)" + fix));
                } else if (options.putIfAbsent(part.substring(0, eq), part.substring(eq + 1)) != null) {
                    problems.add(new ColoProblem("accel", "option " + part.substring(0, eq) + " is given twice" + fix));
                }
            }
            return parts[0];
        }

        private static boolean controlCharacter(String s) {
            return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0;
        }
    }
}
