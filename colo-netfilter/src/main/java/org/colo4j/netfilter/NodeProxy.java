package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the COLO proxy needs inside one QEMU: the guest NICs it attaches to, its socket chardevs
 * and its QOM objects (filters, iothreads, comparators), in the order they are created.
 *
 * <p>{@link ColoProxy} builds the two nodes of the standard layout; build a {@code NodeProxy}
 * yourself for a custom layout and pair two of them with {@link ColoProxy#of}.
 *
 * <pre>{@code
 * NodeProxy secondary = NodeProxy.builder()
 *     .nic(GuestNic.of("hn0", NicModel.RTL8139))
 *     .chardev(SocketChardev.client("red0", "10.0.0.1", 9003).withReconnect(Duration.ofSeconds(1)))
 *     .chardev(SocketChardev.client("red1", "10.0.0.1", 9004).withReconnect(Duration.ofSeconds(1)))
 *     .object(FilterRedirector.in("f1", "hn0", FilterQueue.TX, "red0"))
 *     .object(FilterRedirector.out("f2", "hn0", FilterQueue.RX, "red1"))
 *     .object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL))
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks the node on its own (ids, ports, references, loopback pairs,
 * vhost, multiqueue, virtio-net headers) and throws {@link NetfilterValidationException} listing every
 * error; warnings are kept in {@link #warnings()}. Immutable.
 */
public final class NodeProxy {

    private final List<GuestNic> nics;
    private final List<SocketChardev> chardevs;
    private final List<ProxyObject> objects;
    private final List<Problem> warnings;

    private NodeProxy(List<GuestNic> nics, List<SocketChardev> chardevs, List<ProxyObject> objects,
            List<Problem> warnings) {
        this.nics = List.copyOf(nics);
        this.chardevs = List.copyOf(chardevs);
        this.objects = List.copyOf(objects);
        this.warnings = List.copyOf(warnings);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this node's parts, to derive a changed node. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nics.addAll(nics);
        b.chardevs.addAll(chardevs);
        b.objects.addAll(objects);
        return b;
    }

    /** The guest NICs the filters attach to. */
    public List<GuestNic> nics() {
        return nics;
    }

    /** The socket chardevs, in creation order. */
    public List<SocketChardev> chardevs() {
        return chardevs;
    }

    /** The QOM objects, in creation order. */
    public List<ProxyObject> objects() {
        return objects;
    }

    /** The objects of one kind, e.g. {@code objects(NetFilter.class)}, in creation order. */
    public <T extends ProxyObject> List<T> objects(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The chardev with {@code id}, if any. */
    public Optional<SocketChardev> chardev(String id) {
        return chardevs.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The object with {@code id}, if any. */
    public Optional<ProxyObject> object(String id) {
        return objects.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** The guest NIC with netdev {@code netdev}, if any. */
    public Optional<GuestNic> nic(String netdev) {
        return nics.stream().filter(n -> n.netdev().equals(netdev)).findFirst();
    }

    /** Warnings found when this node was built (see {@link Severity#WARNING}); empty when none. */
    public List<Problem> warnings() {
        return warnings;
    }

    /** Builds a node without validating it; {@link NodeRules} is run by the caller. */
    static NodeProxy unchecked(List<GuestNic> nics, List<SocketChardev> chardevs, List<ProxyObject> objects) {
        return new NodeProxy(nics, chardevs, objects, List.of());
    }

    /** This node carrying {@code warnings}. */
    NodeProxy withWarnings(List<Problem> found) {
        return new NodeProxy(nics, chardevs, objects, found);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeProxy n && nics.equals(n.nics) && chardevs.equals(n.chardevs) && objects.equals(n.objects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nics, chardevs, objects);
    }

    @Override
    public String toString() {
        return "NodeProxy[nics=" + nics + ",\n  chardevs=" + chardevs.stream().map(SocketChardev::toString)
                .collect(Collectors.joining(", ", "[", "]")) + ",\n  objects=" + objects.stream()
                .map(ProxyObject::toString).collect(Collectors.joining(", ", "[", "]")) + "]";
    }

    /** Collects a node's parts; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {

        private final List<GuestNic> nics = new ArrayList<>();
        private final List<SocketChardev> chardevs = new ArrayList<>();
        private final List<ProxyObject> objects = new ArrayList<>();

        private Builder() {}

        /** Adds a guest NIC the filters may attach to. */
        public Builder nic(GuestNic nic) {
            nics.add(Objects.requireNonNull(nic, "nic"));
            return this;
        }

        /** Adds a socket chardev (created before every object, in the order added). */
        public Builder chardev(SocketChardev chardev) {
            chardevs.add(Objects.requireNonNull(chardev, "chardev"));
            return this;
        }

        /** Adds an object (created in the order added; what it refers to must come first). */
        public Builder object(ProxyObject object) {
            objects.add(Objects.requireNonNull(object, "object"));
            return this;
        }

        /**
         * The validated node.
         *
         * @throws NetfilterValidationException listing every error
         */
        public NodeProxy build() {
            NodeProxy node = unchecked(nics, chardevs, objects);
            List<Problem> problems = NodeRules.check(node);
            List<Problem> errors = problems.stream().filter(Problem::isError).toList();
            if (!errors.isEmpty()) {
                throw new NetfilterValidationException(errors);
            }
            return node.withWarnings(problems);
        }
    }
}
