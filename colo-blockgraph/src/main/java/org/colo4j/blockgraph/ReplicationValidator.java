package org.colo4j.blockgraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Every rule of {@link BlockReplication}, over all disks at once. */
final class ReplicationValidator {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-]+");

    private ReplicationValidator() {}

    /**
     * @param nbdTarget the explicit target, or null
     * @param inspector null unless image files are to be inspected
     */
    static void validate(Problems p, List<DiskPair> disks, NbdAddress nbdServer, NbdAddress nbdTarget,
            ImageInspector inspector) {
        checkNbd(p, nbdServer, nbdTarget);
        if (disks.isEmpty()) {
            p.add("disks", "no disk; add at least one with disk(PrimaryDisk, SecondaryDisk)");
        }
        for (int i = 0; i < disks.size(); i++) {
            Problems pair = p.under("disks[" + i + "].");
            DiskPair d = disks.get(i);
            d.primary().check(pair.under("primary."));
            d.secondary().check(pair.under("secondary."));
            checkExportName(pair, d);
            List<SizeRule.Sized> sizes = new ArrayList<>(SizeRule.declared(d.primary(), "primary.", d.secondary(),
                    "secondary."));
            if (inspector != null) {
                sizes.addAll(inspector.inspect(pair, d));
            }
            SizeRule.check(pair, sizes);
        }
        checkUnique(p, disks, true);
        checkUnique(p, disks, false);
        checkDistinctFiles(p, disks);
    }

    private static void checkNbd(Problems p, NbdAddress server, NbdAddress target) {
        if (server == null) {
            p.add("nbdServer", "missing; the secondary's NBD server address is required, e.g. nbdServer(\"0.0.0.0\", 9999)");
        } else {
            checkAddress(p, "nbdServer", server);
        }
        if (target != null) {
            checkAddress(p, "nbdTarget", target);
            if (target.isWildcard()) {
                p.add("nbdTarget.host", "'" + target.host() + "' means every interface and cannot be connected to;"
                        + " give the secondary's address as the primary reaches it, e.g. '127.0.0.2'");
            }
        } else if (server != null && server.isWildcard()) {
            p.add("nbdTarget", "missing; the NBD server listens on '" + server.host() + "' (every interface), so the"
                    + " primary needs the secondary's real address: set nbdTarget(\"<secondary address>\", "
                    + server.port() + ")");
        }
    }

    private static void checkAddress(Problems p, String field, NbdAddress a) {
        if (a.host().isBlank()) {
            p.add(field + ".host", "empty; give an IP address or host name, e.g. '127.0.0.2'");
        } else if (!HOST.matcher(a.host()).matches()) {
            p.add(field + ".host", "'" + QemuNames.printable(a.host()) + "' is not an IP address or host name;"
                    + " give e.g. '127.0.0.2'");
        }
        if (a.port() < 1 || a.port() > 65535) {
            p.add(field + ".port", a.port() + " is not a TCP port; use 1 to 65535, e.g. 9999");
        }
    }

    private static void checkExportName(Problems pair, DiskPair d) {
        String export = d.primary().exportName();
        String parent = d.secondary().parentId();
        if (export != null && parent != null && !export.isEmpty() && !parent.isEmpty() && !export.equals(parent)) {
            pair.add("primary.exportName", "'" + QemuNames.printable(export) + "' is not the secondary parent's id '"
                    + parent + "', which is the name the secondary exports it under; the primary's NBD client"
                    + " would find no such export. Set exportName(\"" + parent + "\")");
        }
    }

    /** Ids must be unique within one QEMU: across all of its disks, whatever kind of node they name. */
    private static void checkUnique(Problems p, List<DiskPair> disks, boolean primarySide) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < disks.size(); i++) {
            String prefix = "disks[" + i + "]." + (primarySide ? "primary." : "secondary.");
            Map<String, String> ids = new LinkedHashMap<>();
            if (primarySide) {
                PrimaryDisk d = disks.get(i).primary();
                ids.put("quorumId", d.quorumId());
                ids.put("replicationNodeName", d.replicationNodeName());
            } else {
                SecondaryDisk d = disks.get(i).secondary();
                ids.put("quorumId", d.quorumId());
                ids.put("replicationId", d.replicationId());
                ids.put("parentId", d.parentId());
            }
            for (Map.Entry<String, String> id : ids.entrySet()) {
                String value = id.getValue();
                if (value == null || value.isEmpty()) {
                    continue;
                }
                String field = prefix + id.getKey();
                String first = seen.get(value);
                if (first == null) {
                    seen.put(value, field);
                } else if (!first.startsWith(prefix)) {
                    // Clashes inside one disk are reported by the disk's own check.
                    p.add(field, "'" + value + "' is already used by " + first + "; ids must be unique within the "
                            + (primarySide ? "primary" : "secondary") + " QEMU, give this one its own, e.g. '"
                            + suggest(value, i) + "'");
                }
            }
        }
    }

    private static String suggest(String value, int index) {
        return value.replaceAll("\\d+$", "") + index;
    }

    private static void checkDistinctFiles(Problems p, List<DiskPair> disks) {
        Map<Path, String> primary = new LinkedHashMap<>();
        Map<Path, String> secondary = new LinkedHashMap<>();
        for (int i = 0; i < disks.size(); i++) {
            String prefix = "disks[" + i + "].";
            DiskPair d = disks.get(i);
            distinct(p, primary, prefix + "primary.image", d.primary().image(), prefix);
            distinct(p, secondary, prefix + "secondary.parentImage", d.secondary().parentImage(), prefix);
            distinct(p, secondary, prefix + "secondary.activeImage", d.secondary().activeImage(), prefix);
            distinct(p, secondary, prefix + "secondary.hiddenImage", d.secondary().hiddenImage(), prefix);
        }
    }

    private static void distinct(Problems p, Map<Path, String> seen, String field, DiskImage image, String diskPrefix) {
        if (image == null) {
            return;
        }
        Path key = image.path().normalize();
        String first = seen.putIfAbsent(key, field);
        if (first != null && !first.startsWith(diskPrefix)) {
            p.add(field, "'" + image.path() + "' is also " + first + "; give every disk its own image files");
        }
    }
}
