package org.colo4j.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.command.RunState;

/**
 * The HMP commands of the fake ({@code human-monitor-command}): {@code info status},
 * {@code qemu-io}, {@code drive_add -n} and {@code drive_del}. As in QEMU, failures come back as
 * output text ending in {@code \r\n}, and qemu-io's results go to standard output, not the reply.
 */
final class Hmp {

    private Hmp() {}

    static String run(ColoNodeModel m, String commandLine, Effects fx) {
        String line = commandLine.strip();
        String verb = line.isEmpty() ? "" : line.split("\\s+", 2)[0];
        String rest = line.substring(verb.length()).strip();
        return switch (verb) {
            case "info" -> info(m, rest);
            case "qemu-io" -> qemuIo(m, rest, fx);
            case "drive_add" -> driveAdd(m, rest);
            case "drive_del" -> driveDel(m, rest);
            default -> "unknown command: '" + verb + "'\r\n";
        };
    }

    private static String info(ColoNodeModel m, String what) {
        if (!what.equals("status")) {
            return "colo4j-testkit models only 'info status', not 'info " + what + "'\r\n";
        }
        RunState s = m.runState;
        if (s == RunState.RUNNING) {
            return "VM status: running\r\n";
        }
        if (s == RunState.PAUSED) {
            return "VM status: paused\r\n";
        }
        return "VM status: paused (" + s.wireName() + ")\r\n";
    }

    private static String qemuIo(ColoNodeModel m, String rest, Effects fx) {
        String[] parts = rest.split("\\s+", 2);
        String device = parts[0];
        String arg = parts.length > 1 ? parts[1].strip() : "";
        if (device.isEmpty() || arg.isEmpty()) {
            return "qemu-io: string expected\r\nTry \"help qemu-io\" for more information\r\n";
        }
        if (arg.length() >= 2 && arg.startsWith("\"") && arg.endsWith("\"")) {
            arg = arg.substring(1, arg.length() - 1);
        }
        SparseDisk disk = m.diskFor(device);
        if (disk == null) {
            if (m.block.deviceOrNode(device) != null) {
                return "colo4j-testkit models qemu-io only on the COLO drives, not on '" + device + "'\r\n";
            }
            return "Error: Cannot find device='' nor node-name='" + device + "'\r\n";
        }
        String out = QemuIo.run(disk, arg);
        if (out.startsWith("wrote ")) {
            String[] w = arg.split("\\s+");
            int value = 0xcd;
            List<String> words = new ArrayList<>(List.of(w));
            if (words.size() > 2 && words.get(1).equals("-P")) {
                value = QemuIo.number(words.get(2)).intValue();
            }
            long offset = QemuIo.number(words.get(words.size() - 2));
            long length = QemuIo.number(words.get(words.size() - 1));
            m.wrote(device, offset, length, value, fx);
        }
        m.print(out);
        return "";
    }

    private static String driveAdd(ColoNodeModel m, String rest) {
        String[] parts = rest.split("\\s+");
        if (parts.length != 3 || !parts[0].equals("-n")) {
            return "colo4j-testkit models only 'drive_add -n <unused> <options>'\r\n";
        }
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        for (String kv : splitOptions(parts[2])) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                return "Invalid parameter '" + kv + "'\r\n";
            }
            ObjectNode at = options;
            String[] path = kv.substring(0, eq).split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                at = at.has(path[i]) && at.get(path[i]).isObject() ? (ObjectNode) at.get(path[i]) : at.putObject(path[i]);
            }
            at.put(path[path.length - 1], kv.substring(eq + 1));
        }
        try {
            m.block.blockdevAdd(options, m.nbdCheck());
            return "";
        } catch (QmpError e) {
            return e.getMessage() + "\r\n";
        }
    }

    private static String driveDel(ColoNodeModel m, String id) {
        try {
            m.block.driveDel(id);
            return "";
        } catch (QmpError e) {
            return e.getMessage() + "\r\n";
        }
    }

    /** QEMU's option syntax: comma-separated, with {@code ,,} standing for a comma. */
    private static List<String> splitOptions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
