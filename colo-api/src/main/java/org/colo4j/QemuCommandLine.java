package org.colo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The machine part of both nodes' command lines, which is the user's: binary, machine type,
 * accelerator, memory, CPUs and any extra devices. colo4j appends the COLO parts (NICs, proxy,
 * drives, QMP, {@code -S} or {@code -incoming}).
 *
 * <pre>{@code
 * QemuCommandLine machine = QemuCommandLine.builder().accel("kvm").memoryMiB(1024).cpus(2)
 *         .extra("-device", "usb-tablet").build();
 * }</pre>
 *
 * <p>Defaults: {@code qemu-system-x86_64 -machine pc,accel=kvm -m 512 -smp 1 -nodefaults -display none}.
 * COLO checkpoints need KVM on QEMU 7.2 (under TCG the first checkpoint deadlocks).
 */
public final class QemuCommandLine {

    private final String binary;
    private final String machine;
    private final String accel;
    private final int memoryMiB;
    private final int cpus;
    private final String cpu;
    private final boolean headless;
    private final List<String> extra;

    private QemuCommandLine(Builder b) {
        this.binary = b.binary;
        this.machine = b.machine;
        this.accel = b.accel;
        this.memoryMiB = b.memoryMiB;
        this.cpus = b.cpus;
        this.cpu = b.cpu;
        this.headless = b.headless;
        this.extra = List.copyOf(b.extra);
    }

    /** The defaults listed above. */
    public static QemuCommandLine defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.binary = binary;
        b.machine = machine;
        b.accel = accel;
        b.memoryMiB = memoryMiB;
        b.cpus = cpus;
        b.cpu = cpu;
        b.headless = headless;
        b.extra.addAll(extra);
        return b;
    }

    public String binary() {
        return binary;
    }

    public String machine() {
        return machine;
    }

    public String accel() {
        return accel;
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

    public boolean headless() {
        return headless;
    }

    public List<String> extra() {
        return extra;
    }

    /** The machine arguments for a VM named {@code name}, binary first. */
    public List<String> render(String name) {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(List.of("-name", name, "-machine", machine + ",accel=" + accel, "-m", Integer.toString(memoryMiB),
                "-smp", Integer.toString(cpus)));
        if (cpu != null) {
            argv.addAll(List.of("-cpu", cpu));
        }
        if (headless) {
            argv.addAll(List.of("-nodefaults", "-display", "none"));
        }
        argv.addAll(extra);
        return argv;
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

        /** {@code kvm} (needed for checkpoints on QEMU 7.2) or {@code tcg}. */
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

        public Builder cpu(String cpu) {
            this.cpu = cpu;
            return this;
        }

        /** Adds {@code -nodefaults -display none} (default true). */
        public Builder headless(boolean headless) {
            this.headless = headless;
            return this;
        }

        /** Appends arguments verbatim, e.g. {@code extra("-device", "usb-tablet")}. */
        public Builder extra(String... args) {
            for (String a : args) {
                extra.add(Objects.requireNonNull(a, "extra argument"));
            }
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ColoValidationException listing every bad field, each with the fix
         */
        public QemuCommandLine build() {
            List<ColoProblem> problems = new ArrayList<>();
            if (binary == null || binary.isBlank()) {
                problems.add(new ColoProblem("binary", "must name the QEMU binary, e.g. qemu-system-x86_64"));
            }
            if (machine == null || machine.isBlank() || machine.contains(",")) {
                problems.add(new ColoProblem("machine", "must be a machine type such as pc or q35 (no options), got '"
                        + machine + "'"));
            }
            if (accel == null || !accel.matches("[a-z]+")) {
                problems.add(new ColoProblem("accel", "must be kvm or tcg, got '" + accel + "'"));
            }
            if (memoryMiB < 16) {
                problems.add(new ColoProblem("memoryMiB", "must be at least 16, got " + memoryMiB));
            }
            if (cpus < 1) {
                problems.add(new ColoProblem("cpus", "must be at least 1, got " + cpus));
            }
            if (!problems.isEmpty()) {
                throw new ColoValidationException("QemuCommandLine", problems);
            }
            return new QemuCommandLine(this);
        }
    }
}
