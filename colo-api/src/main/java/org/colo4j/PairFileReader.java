package org.colo4j;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.colo4j.PairFileException.Located;
import org.colo4j.PairTree.Arr;
import org.colo4j.PairTree.At;
import org.colo4j.PairTree.Field;
import org.colo4j.PairTree.Node;
import org.colo4j.PairTree.Obj;
import org.colo4j.PairTree.Scalar;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.blockgraph.DriveInterface;
import org.colo4j.blockgraph.ImageFormat;
import org.colo4j.netfilter.NicModel;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyPorts;

/**
 * Maps a parsed pair file ({@link PairTree}) onto the builders: fields left out keep the builders'
 * defaults, unknown fields and wrong types are problems, and the builders' own validation problems
 * are placed back at the file's line and column. Collects every problem before failing.
 */
final class PairFileReader {

    static final List<String> ROOT = List.of("primary", "secondary", "machine", "disks", "nics", "checkpointDelay",
            "portPlan", "qemuVersion", "tls");
    static final List<String> TLS = List.of("dir", "nodes", "channels", "filesOnThisHost");
    static final List<String> NODE = List.of("name", "address", "listenAddress", "qmp", "qmpConnect", "allowPlainTextQmp",
            "migrationPort", "nbdPort", "qemuVersion", "machine", "nicBackends");
    static final List<String> MACHINE = List.of("binary", "machine", "accel", "memoryMiB", "cpus", "cpu", "headless", "serial",
            "logFile", "logItems", "extra");
    static final List<String> DISK = List.of("id", "parentId", "driveInterface", "virtualSize", "primaryImage",
            "secondaryImage", "activeImage", "hiddenImage");
    static final List<String> IMAGE = List.of("path", "format", "virtualSize");
    static final List<String> NIC = List.of("netdev", "backend", "model", "mac", "ports");
    static final List<String> PORTS = List.of("mirror", "secondaryIn", "primaryIn", "compareOut");
    static final List<String> PORT_PLAN = List.of("basePort", "stride");

    /** Validation's field names that the file spells differently: regex over the field, file path. */
    private static final List<String[]> ALIASES = List.of(
            new String[] {"disks\\[(\\d+)\\]\\.primary\\.image", "disks[$1].primaryImage"},
            new String[] {"disks\\[(\\d+)\\]\\.secondary\\.parentImage", "disks[$1].secondaryImage"},
            new String[] {"disks\\[(\\d+)\\]\\.secondary\\.(activeImage|hiddenImage)", "disks[$1].$2"},
            new String[] {"disks\\[(\\d+)\\]\\.(?:primary|secondary)\\.(?:quorumId|topId)", "disks[$1].id"},
            new String[] {"disks\\[(\\d+)\\]\\.(?:primary|secondary)\\.(?:parentId|exportName)", "disks[$1].parentId"},
            new String[] {"disks\\[(\\d+)\\]\\.(?:primary|secondary)\\.driveInterface", "disks[$1].driveInterface"},
            new String[] {"nics\\[(\\d+)\\]\\.(?:vhost|queues)", "nics[$1].backend"},
            new String[] {"nbdServer(?:\\..*)?", "secondary.listenAddress"},
            new String[] {"nbdTarget(?:\\..*)?", "secondary.address"},
            new String[] {"primaryAddress", "primary.address"},
            new String[] {"listenAddress", "primary.listenAddress"});

    private final List<Located> problems;
    private final Map<String, At> places = new HashMap<>();
    /** Fields whose value could not be read: validation's "is required" for them would repeat the problem. */
    private final java.util.Set<String> unreadable = new java.util.HashSet<>();
    private boolean partFailed;

    private PairFileReader(List<Located> problems) {
        this.problems = problems;
    }

    /**
     * The spec of {@code root}.
     *
     * @param problems problems found so far (e.g. duplicate fields); more are added
     * @throws PairFileException listing every problem, in file order
     */
    static ColoPairSpec read(Path file, Node root, List<Located> problems) {
        PairFileReader r = new PairFileReader(new ArrayList<>(problems));
        places(r, root);
        ColoPairSpec spec = r.spec(root);
        if (!r.problems.isEmpty()) {
            List<Located> sorted = new ArrayList<>(r.problems);
            sorted.sort(Comparator.comparingInt(Located::line).thenComparingInt(Located::column));
            throw new PairFileException(file, sorted);
        }
        return spec;
    }

    private static void places(PairFileReader r, Node root) {
        r.places.put("", root.at());
    }

    private ColoPairSpec spec(Node root) {
        if (!(root instanceof Obj o)) {
            problem("", root.at(), "must be an object with the fields " + ROOT + ", got " + root.kind());
            return null;
        }
        Fields f = new Fields(o, "", ROOT);
        ColoPairSpec.Builder b = ColoPairSpec.builder();
        QemuCommandLine shared = f.has("machine") ? machine(f, "machine", null) : QemuCommandLine.defaults();
        b.machine(shared);
        f.obj("primary", n -> b.primary(node(n, "primary", shared)));
        f.obj("secondary", n -> b.secondary(node(n, "secondary", shared)));
        f.arr("disks", (n, path) -> java.util.Optional.ofNullable(disk(n, path)).ifPresent(b::disk));
        f.arr("nics", (n, path) -> java.util.Optional.ofNullable(nic(n, path)).ifPresent(b::nic));
        f.text("checkpointDelay", PairValues::duration, b::checkpointDelay);
        f.obj("portPlan", n -> b.portPlan(portPlan(n)));
        f.text("qemuVersion", PairValues::version, b::qemuVersion);
        f.obj("tls", n -> java.util.Optional.ofNullable(tls(n, "tls")).ifPresent(b::tls));
        if (partFailed) {
            return null; // the parts' problems are reported; the spec cannot be built without them
        }
        try {
            return b.build();
        } catch (ColoValidationException e) {
            e.problems().forEach(p -> located("", p));
            return null;
        }
    }

    private QemuCommandLine machine(Fields parent, String path, QemuCommandLine base) {
        Fields f = parent.fields("machine", MACHINE);
        if (f == null) {
            return null;
        }
        QemuCommandLine.Builder b = base == null ? QemuCommandLine.builder() : base.toBuilder();
        f.text("binary", s -> s, b::binary);
        f.text("machine", s -> s, b::machine);
        f.text("accel", s -> s, b::accel);
        f.integer("memoryMiB", b::memoryMiB);
        f.integer("cpus", b::cpus);
        f.textOrNull("cpu", s -> s, b::cpu);
        f.bool("headless", b::headless);
        f.textOrNull("serial", s -> s, b::serial);
        f.textOrNull("logFile", Path::of, b::logFile);
        f.textOrNull("logItems", s -> s, b::logItems);
        if (f.has("extra")) {
            b.clearExtra();
            f.arr("extra", (n, p) -> scalarText(n, p, "an argument such as -device").ifPresent(b::extra));
        }
        return built(path, b::build);
    }

    private ColoNode node(Obj o, String path, QemuCommandLine shared) {
        Fields f = new Fields(o, path, NODE);
        ColoNode.Builder b = ColoNode.builder();
        f.text("name", s -> s, b::name);
        f.text("address", s -> s, b::address);
        f.text("listenAddress", s -> s, b::listenAddress);
        f.text("qmp", PairValues::endpoint, b::qmp);
        f.text("qmpConnect", PairValues::endpoint, b::qmpConnect);
        f.bool("allowPlainTextQmp", b::allowPlainTextQmp);
        f.integer("migrationPort", b::migrationPort);
        f.integer("nbdPort", b::nbdPort);
        f.text("qemuVersion", PairValues::version, b::qemuVersion);
        if (f.has("machine")) {
            b.machine(machine(f, path + ".machine", shared));
        }
        f.obj("nicBackends", n -> n.fields().values().forEach(nb -> {
            String at = path + ".nicBackends." + nb.name();
            places.put(at, nb.at());
            scalarText(nb.value(), at, "the -netdev options without id=, e.g. tap,ifname=tap0")
                    .ifPresent(t -> b.nicBackend(nb.name(), t));
        }));
        return built(path, b::build);
    }

    private ColoTls tls(Node n, String path) {
        Fields f = fieldsOf(n, path, TLS);
        if (f == null) {
            return null;
        }
        ColoTls.Builder b = ColoTls.builder();
        f.text("dir", java.nio.file.Path::of, b::dir);
        f.obj("nodes", nodes -> nodes.fields().values().forEach(nd -> {
            String at = path + ".nodes." + nd.name();
            places.put(at, nd.at());
            scalarText(nd.value(), at, "the node's x509 directory, e.g. /etc/pki/qemu")
                    .ifPresent(t -> b.node(nd.name(), java.nio.file.Path.of(t)));
        }));
        if (f.has("channels")) {
            List<ColoTls.Channel> channels = new ArrayList<>();
            f.arr("channels", (c, at) -> scalarText(c, at, "nbd, migration or proxy").ifPresent(t -> {
                try {
                    channels.add(ColoTls.Channel.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problem(at, c.at(), "must be nbd, migration or proxy, got '" + t + "'");
                }
            }));
            b.channels(channels.toArray(new ColoTls.Channel[0]));
        }
        f.bool("filesOnThisHost", b::filesOnThisHost);
        return built(path, b::build);
    }

    private ColoDisk disk(Node n, String path) {
        Fields f = fieldsOf(n, path, DISK);
        if (f == null) {
            return null;
        }
        ColoDisk.Builder b = ColoDisk.builder();
        f.text("id", s -> s, b::id);
        f.text("parentId", s -> s, b::parentId);
        f.text("driveInterface", PairFileReader::driveInterface, b::driveInterface);
        f.size("virtualSize", b::virtualSize);
        f.image("primaryImage", b::primaryImage);
        f.image("secondaryImage", b::secondaryImage);
        f.image("activeImage", b::activeImage);
        f.image("hiddenImage", b::hiddenImage);
        return built(path, b::build);
    }

    private ColoNic nic(Node n, String path) {
        Fields f = fieldsOf(n, path, NIC);
        if (f == null) {
            return null;
        }
        ColoNic.Builder b = ColoNic.builder();
        f.text("netdev", s -> s, b::netdev);
        f.text("backend", s -> s, b::backend);
        f.text("model", NicModel::of, b::model);
        f.text("mac", s -> s, b::mac);
        f.obj("ports", o -> {
            Fields p = new Fields(o, path + ".ports", PORTS);
            int[] v = new int[4];
            boolean[] all = {true};
            for (int i = 0; i < PORTS.size(); i++) {
                int k = i;
                if (!p.has(PORTS.get(i))) {
                    problem(path + ".ports", o.at(), "lacks " + PORTS.get(i) + ": give all four of " + PORTS
                            + ", or leave ports out to take them from the port plan");
                    all[0] = false;
                }
                p.integer(PORTS.get(i), x -> v[k] = x);
            }
            if (all[0]) {
                b.ports(new ProxyPorts(v[0], v[1], v[2], v[3]));
            }
        });
        return built(path, b::build);
    }

    private PortPlan portPlan(Obj o) {
        Fields f = new Fields(o, "portPlan", PORT_PLAN);
        int[] v = {PortPlan.defaults().basePort(), PortPlan.defaults().stride()};
        f.integer("basePort", x -> v[0] = x);
        f.integer("stride", x -> v[1] = x);
        return PortPlan.of(v[0], v[1]);
    }

    private static DriveInterface driveInterface(String text) {
        for (DriveInterface d : DriveInterface.values()) {
            if (d.qemuName().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("must be one of " + java.util.Arrays.stream(DriveInterface.values())
                .map(DriveInterface::qemuName).toList() + "; got '" + text + "'");
    }

    /** A part built by {@code build}, or null with its problems placed under {@code path}. */
    private <T> T built(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ColoValidationException e) {
            e.problems().forEach(p -> located(path, p));
            partFailed = true;
            return null;
        }
    }

    /** Places a validation problem: its field under {@code prefix}, spelled as in the file, at the nearest known place. */
    private void located(String prefix, ColoProblem p) {
        String field = prefix.isEmpty() ? p.field() : prefix + "." + p.field();
        for (String[] alias : ALIASES) {
            Matcher m = Pattern.compile(alias[0]).matcher(field);
            if (m.matches()) {
                field = m.replaceFirst(alias[1]);
                break;
            }
        }
        if (unreadable.contains(field)) {
            return;
        }
        String key = field;
        while (!places.containsKey(key)) {
            int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
            key = cut < 0 ? "" : key.substring(0, cut);
        }
        At at = places.get(key);
        problems.add(new Located(new ColoProblem(field, p.message()), at.line(), at.column()));
    }

    private void problem(String field, At at, String message) {
        unreadable.add(field);
        problems.add(new Located(new ColoProblem(field.isEmpty() ? "(file)" : field, message), at.line(), at.column()));
    }

    private Fields fieldsOf(Node n, String path, List<String> known) {
        if (n instanceof Obj o) {
            return new Fields(o, path, known);
        }
        problem(path, n.at(), "must be an object with the fields " + known + ", got " + n.kind());
        partFailed = true;
        return null;
    }

    private java.util.Optional<String> scalarText(Node n, String path, String what) {
        if (n instanceof Scalar s && !s.isNull()) {
            return java.util.Optional.of(s.text());
        }
        problem(path, n.at(), "must be " + what + ", got " + n.kind());
        return java.util.Optional.empty();
    }

    /** One object's fields under {@code path}; unknown names are reported when it is made. */
    private final class Fields {
        private final Obj obj;
        private final String path;

        Fields(Obj obj, String path, List<String> known) {
            this.obj = obj;
            this.path = path;
            places.put(path, obj.at());
            for (Field f : obj.fields().values()) {
                String at = at(f.name());
                places.put(at, f.at());
                if (!known.contains(f.name())) {
                    String near = known.stream().filter(k -> k.equalsIgnoreCase(f.name())).findFirst()
                            .map(k -> " (did you mean " + k + "?)").orElse("");
                    problem(at, f.at(), "is not a field of " + (path.isEmpty() ? "a pair file" : path) + near
                            + "; the known fields are " + String.join(", ", known));
                }
            }
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /** Whether the field is given and not null. */
        boolean has(String name) {
            Field f = obj.fields().get(name);
            return f != null && !(f.value() instanceof Scalar s && s.isNull());
        }

        private Node value(String name) {
            return has(name) ? obj.fields().get(name).value() : null;
        }

        <T> void text(String name, Function<String, T> parse, Consumer<T> set) {
            Node n = value(name);
            if (n == null) {
                return;
            }
            if (!(n instanceof Scalar s)) {
                problem(at(name), n.at(), "must be a value, not " + n.kind());
                return;
            }
            try {
                set.accept(parse.apply(s.text()));
            } catch (IllegalArgumentException e) {
                problem(at(name), n.at(), e.getMessage());
            }
        }

        /** Like {@link #text}, but an explicit null sets null (a node's machine unsetting the shared value). */
        <T> void textOrNull(String name, Function<String, T> parse, Consumer<T> set) {
            Field f = obj.fields().get(name);
            if (f != null && f.value() instanceof Scalar s && s.isNull()) {
                set.accept(null);
            } else {
                text(name, parse, set);
            }
        }

        void integer(String name, java.util.function.IntConsumer set) {
            Node n = value(name);
            if (n == null) {
                return;
            }
            if (n instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    set.accept(Integer.parseInt(s.text()));
                    return;
                } catch (NumberFormatException e) {
                    // too large: reported below
                }
            }
            problem(at(name), n.at(), "must be a whole number, got " + n.kind());
        }

        void bool(String name, Consumer<Boolean> set) {
            Node n = value(name);
            if (n == null) {
                return;
            }
            if (n instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                set.accept(s.token() == JsonToken.VALUE_TRUE);
            } else {
                problem(at(name), n.at(), "must be true or false, got " + n.kind());
            }
        }

        void size(String name, java.util.function.LongConsumer set) {
            Node n = value(name);
            if (n == null) {
                return;
            }
            if (n instanceof Scalar s && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_STRING)) {
                try {
                    set.accept(PairValues.size(s.text()));
                } catch (IllegalArgumentException e) {
                    problem(at(name), n.at(), e.getMessage());
                }
            } else {
                problem(at(name), n.at(), "must be a size such as 64MiB, got " + n.kind());
            }
        }

        /** An image: a qcow2 path, or {@code {path, format, virtualSize}}. */
        void image(String name, Consumer<DiskImage> set) {
            Node n = value(name);
            if (n instanceof Scalar s) {
                set.accept(DiskImage.qcow2(Path.of(s.text())));
            } else if (n instanceof Obj o) {
                Fields f = new Fields(o, at(name), IMAGE);
                Path[] path = {null};
                ImageFormat[] format = {ImageFormat.QCOW2};
                Long[] size = {null};
                f.text("path", Path::of, p -> path[0] = p);
                f.text("format", t -> ImageFormat.fromQemuName(t).orElseThrow(() -> new IllegalArgumentException(
                        "must be qcow2 or raw, got '" + t + "'")), x -> format[0] = x);
                f.size("virtualSize", x -> size[0] = x);
                if (path[0] == null) {
                    problem(at(name) + ".path", o.at(), "is required: the image file's path");
                } else {
                    set.accept(new DiskImage(path[0], format[0], size[0]));
                }
            } else if (n != null) {
                problem(at(name), n.at(), "must be a qcow2 image's path or {path, format, virtualSize}, got " + n.kind());
            }
        }

        void obj(String name, Consumer<Obj> use) {
            Node n = value(name);
            if (n instanceof Obj o) {
                use.accept(o);
            } else if (n != null) {
                problem(at(name), n.at(), "must be an object, got " + n.kind());
                partFailed = true;
            }
        }

        /** The object field {@code name} as fields, or null (reported when it is not an object). */
        Fields fields(String name, List<String> known) {
            Node n = value(name);
            if (n instanceof Obj o) {
                return new Fields(o, at(name), known);
            }
            if (n != null) {
                problem(at(name), n.at(), "must be an object with the fields " + known + ", got " + n.kind());
                partFailed = true;
            }
            return null;
        }

        void arr(String name, java.util.function.BiConsumer<Node, String> each) {
            Node n = value(name);
            if (n instanceof Arr a) {
                for (int i = 0; i < a.items().size(); i++) {
                    String item = at(name) + "[" + i + "]";
                    places.put(item, a.items().get(i).at());
                    each.accept(a.items().get(i), item);
                }
            } else if (n != null) {
                problem(at(name), n.at(), "must be a list, got " + n.kind());
                partFailed = true;
            }
        }
    }
}
