package org.colo4j.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.colo4j.ColoNode;
import org.colo4j.ColoPairSpec;
import org.colo4j.ColoProblem;
import org.colo4j.ColoValidationException;
import org.colo4j.PairFileException;
import org.colo4j.Role;
import org.colo4j.netfilter.ProxyNic;

/**
 * A pair file at the command line, for the README's "Two hosts": check it, print a node's QEMU
 * command line to run on its host, or list the ports to open between the hosts.
 *
 * <pre>
 * java -cp ... org.colo4j.samples.PairFileTool check pair.yaml            # the spec and its warnings
 * java -cp ... org.colo4j.samples.PairFileTool argv pair.yaml primary     # the QEMU command for host A
 * java -cp ... org.colo4j.samples.PairFileTool ports pair.yaml            # the firewall openings, per direction
 * </pre>
 */
public final class PairFileTool {

    private PairFileTool() {}

    public static void main(String[] args) {
        if (args.length < 2 || !Set.of("check", "argv", "ports").contains(args[0])
                || (args[0].equals("argv") && (args.length != 3 || !Set.of("primary", "secondary").contains(args[2])))) {
            System.err.println("usage: PairFileTool check|ports <pair file> | argv <pair file> primary|secondary");
            System.exit(2);
        }
        try {
            ColoPairSpec spec = ColoPairSpec.read(Path.of(args[1]));
            switch (args[0]) {
                case "check" -> System.out.println(spec);
                case "argv" -> System.out.println(shell(spec.argv(args[2].equals("primary") ? Role.PRIMARY : Role.SECONDARY)));
                default -> ports(spec, System.out);
            }
        } catch (PairFileException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The argv as one shell command line, quoting what the shell would split or expand. */
    public static String shell(List<String> argv) {
        return argv.stream().map(a -> a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /**
     * The TCP ports each host must accept from the other, as the spec uses them now and after a
     * failover and resume that swap the roles (the same spec with the nodes swapped); and the
     * primary's loopback-only ports. A channel the spec warns about is marked plain text.
     */
    public static void ports(ColoPairSpec spec, PrintStream out) {
        out.println("While " + spec.primary().name() + " is the primary and " + spec.secondary().name() + " the secondary:");
        directions(spec, out);
        out.println("After a failover and resume that make " + spec.secondary().name() + " the primary and "
                + spec.primary().name() + " its secondary:");
        try {
            directions(spec.toBuilder().primary(spec.secondary()).secondary(spec.primary()).build(), out);
        } catch (ColoValidationException e) {
            out.println("  (the pair with the roles swapped is invalid: " + e.getMessage() + ")");
        }
        out.println("Never open (loopback on the primary): " + spec.proxy().nics().stream()
                .map(n -> n.ports().primaryIn() + ", " + n.ports().compareOut()).collect(Collectors.joining(", "))
                + "; and no QMP port: the controller reaches QMP through SSH (port 22) or on the host itself.");
    }

    private static void directions(ColoPairSpec spec, PrintStream out) {
        Set<String> plain = spec.warnings().stream().map(ColoProblem::field).collect(Collectors.toSet());
        ColoNode p = spec.primary();
        ColoNode s = spec.secondary();
        out.println("  open on " + s.name() + " (" + s.address() + ") to " + p.name() + " (" + p.address() + "):");
        out.println("    tcp " + s.nbdPort() + "  NBD disk replication: the primary writes the guest's disks"
                + tag(plain, "secondary.nbdPort"));
        out.println("    tcp " + s.migrationPort() + "  migration: every checkpoint, with the guest's RAM"
                + tag(plain, "secondary.migrationPort"));
        proxyPorts(out, spec, p, s, plain);
    }

    private static void proxyPorts(PrintStream out, ColoPairSpec spec, ColoNode primary, ColoNode secondary, Set<String> plain) {
        out.println("  open on " + primary.name() + " (" + primary.address() + ") to " + secondary.name() + " ("
                + secondary.address() + "):");
        for (int i = 0; i < spec.proxy().nics().size(); i++) {
            ProxyNic n = spec.proxy().nics().get(i);
            out.println("    tcp " + n.ports().mirror() + "  COLO proxy " + n.ids().mirrorOut() + ": the primary's incoming"
                    + " packets of " + n.netdev() + " to the secondary" + tag(plain, "nics[" + i + "].ports.mirror"));
            out.println("    tcp " + n.ports().secondaryIn() + "  COLO proxy " + n.ids().secondaryIn() + ": the secondary's"
                    + " packets of " + n.netdev() + " back for comparison" + tag(plain, "nics[" + i + "].ports.secondaryIn"));
        }
    }

    /** "(plain text)" when the spec warns about the channel. */
    private static String tag(Set<String> plain, String field) {
        return plain.contains(field) ? " (plain text)" : "";
    }
}
