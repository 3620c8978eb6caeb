package org.colo4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.colo4j.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code colo4j argv}: each node's qemu-system command line, as one shell line (or a JSON array). */
@Command(name = "argv", description = "Print a node's qemu-system command line (one shell-quoted line; --json: an array).")
final class ArgvCommand extends PairCommand {

    @Option(names = "--node", paramLabel = "NAME", description = "Only this node (default: both, each after a '# role name' line).")
    String nodeName;

    @Override
    public Integer call() {
        List<Role> roles = nodeName == null ? List.of(Role.PRIMARY, Role.SECONDARY) : List.of(role(nodeName));
        if (json) {
            ObjectNode doc = Json.object();
            for (Role r : roles) {
                ArrayNode a = doc.putArray(node(r).name());
                argv(r).forEach(a::add);
            }
            out().println(Json.line(nodeName == null ? doc : doc.get(nodeName)));
            return ExitCodes.OK;
        }
        for (Role r : roles) {
            if (nodeName == null) {
                out().println("# " + r + " " + node(r).name());
            }
            out().println(Shell.line(argv(r)));
        }
        return ExitCodes.OK;
    }

    private List<String> argv(Role r) {
        return r == Role.PRIMARY ? spec().primaryArgv() : spec().secondaryArgv();
    }
}
