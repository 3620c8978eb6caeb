package org.colo4j;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of the settings a node may give for its own host: its own machine may change the QEMU
 * binary, accelerator, serial, log and extra arguments, but not the guest COLO moves between the
 * nodes (machine type, memory, CPU count and model); its own NIC backends must name NICs of the spec.
 * Problems name the node that set the value ({@code secondary.machine.memoryMiB}).
 */
final class NodeSettings {

    private NodeSettings() {}

    static void check(ColoNode primary, ColoNode secondary, QemuCommandLine shared, List<ColoNic> nics,
            List<ColoProblem> problems) {
        if (primary.machine().isPresent() || secondary.machine().isPresent()) {
            QemuCommandLine p = primary.machine().orElse(shared);
            QemuCommandLine s = secondary.machine().orElse(shared);
            if (p != null && s != null) {
                // Name the node that brought its own value; when both did, the secondary's.
                String role = secondary.machine().isPresent() ? "secondary" : "primary";
                String other = role.equals("secondary") ? "primary" : "secondary";
                QemuCommandLine mine = role.equals("secondary") ? s : p;
                QemuCommandLine theirs = role.equals("secondary") ? p : s;
                same(problems, role, other, "machine", mine, theirs, QemuCommandLine::machine);
                same(problems, role, other, "memoryMiB", mine, theirs, QemuCommandLine::memoryMiB);
                same(problems, role, other, "cpus", mine, theirs, QemuCommandLine::cpus);
                same(problems, role, other, "cpu", mine, theirs, QemuCommandLine::cpu);
            }
        }
        Set<String> netdevs = nics.stream().map(ColoNic::netdev).collect(Collectors.toSet());
        for (ColoNode node : List.of(primary, secondary)) {
            String role = node == primary ? "primary" : "secondary";
            for (String netdev : node.nicBackends().keySet()) {
                if (!netdevs.contains(netdev)) {
                    problems.add(new ColoProblem(role + ".nicBackends." + netdev, "names no NIC of the spec (its NICs: "
                            + netdevs.stream().sorted().toList() + "): give the netdev of a NIC added with nic(...)"));
                }
            }
        }
    }

    private static void same(List<ColoProblem> problems, String role, String other, String field, QemuCommandLine mine,
            QemuCommandLine theirs, Function<QemuCommandLine, Object> value) {
        if (!Objects.equals(value.apply(mine), value.apply(theirs))) {
            problems.add(new ColoProblem(role + ".machine." + field, "is " + value.apply(mine) + " but the " + other
                    + "'s is " + value.apply(theirs) + ": COLO runs one guest on both nodes and moves its RAM and device"
                    + " state between them, so the machine type, memory, CPU count and CPU model must be the same; change"
                    + " only the binary, accelerator, serial, log and extra arguments per node"));
        }
    }
}
