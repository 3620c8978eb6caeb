package org.colo4j.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.colo4j.qmp.QemuVersion;

/**
 * Renders a {@link NodeProxy} as qemu-system arguments: one {@code -chardev} per chardev, then one
 * {@code -object} per object, in the node's order, one list element per argument (no shell
 * quoting needed).
 *
 * <pre>{@code
 * List<String> argv = ProxyArgvRenderer.forVersion(QemuVersion.of(7, 2, 22)).render(proxy.primary());
 * // [-chardev, socket,id=mirror0,host=0.0.0.0,port=9003,server=on,wait=off, ..., -object, filter-mirror,id=m0,...]
 * }</pre>
 *
 * <p>Deterministic: the same node and version give the same strings. Booleans are written
 * {@code on}/{@code off} (the short forms {@code server,nowait} are deprecated since QEMU 6.0), a
 * {@code ,} inside a value is doubled, and the chardev retry interval is written {@code reconnect=<s>}
 * before QEMU 9.2 and {@code reconnect-ms=<ms>} since. Properties follow a fixed order: id first, then
 * insert/position, netdev, queue, indev/outdev, vnet_hdr_support (COLO-FT.txt writes two primary
 * redirectors as {@code netdev=hn0,id=redire0}; QEMU does not care about the order). Immutable and
 * thread-safe.
 */
public final class ProxyArgvRenderer {

    private final QemuDialect dialect;

    private ProxyArgvRenderer(QemuVersion version) {
        this.dialect = new QemuDialect(Objects.requireNonNull(version, "version"));
    }

    /** A renderer for the QEMU that will run the argv (its {@code --version}). */
    public static ProxyArgvRenderer forVersion(QemuVersion version) {
        return new ProxyArgvRenderer(version);
    }

    /** The QEMU version rendered for. */
    public QemuVersion version() {
        return dialect.version();
    }

    /**
     * The node's {@code -chardev} and {@code -object} arguments.
     *
     * @throws NetfilterValidationException if this QEMU cannot express a part of the node (a
     *     sub-second reconnect before 9.2, a filter placement before 5.0)
     */
    public List<String> render(NodeProxy node) {
        List<String> argv = new ArrayList<>();
        for (SocketChardev c : node.chardevs()) {
            argv.add("-chardev");
            argv.add(chardev(c));
        }
        for (ProxyObject o : node.objects()) {
            argv.add("-object");
            argv.add(object(o));
        }
        return List.copyOf(argv);
    }

    /** One {@code -chardev} option value, e.g. {@code socket,id=red0,host=10.0.0.1,port=9003,reconnect=1}. */
    public String chardev(SocketChardev c) {
        StringBuilder sb = new StringBuilder("socket");
        opt(sb, "id", c.id());
        opt(sb, "host", c.host());
        opt(sb, "port", Integer.toString(c.port()));
        if (c.server()) {
            opt(sb, "server", "on");
            opt(sb, "wait", c.waitForClient() ? "on" : "off");
        }
        if (c.reconnect() != null) {
            String field = "chardevs[" + c.id() + "].reconnect";
            opt(sb, dialect.reconnectInMillis() ? "reconnect-ms" : "reconnect",
                    Long.toString(dialect.reconnectValue(c, field)));
        }
        if (c.tlsCreds() != null) {
            opt(sb, "tls-creds", c.tlsCreds());
        }
        return sb.toString();
    }

    /** One {@code -object} option value, e.g. {@code filter-rewriter,id=rew0,netdev=hn0,queue=all}. */
    public String object(ProxyObject o) {
        if (o instanceof NetFilter f) {
            dialect.requirePlacement(f, "objects[" + f.id() + "].placement");
        }
        StringBuilder sb = new StringBuilder(QemuText.escape(o.qomType()));
        opt(sb, "id", o.id());
        for (Map.Entry<String, Object> p : o.properties().entrySet()) {
            Object v = p.getValue();
            opt(sb, p.getKey(), v instanceof Boolean b ? (b ? "on" : "off") : v.toString());
        }
        return sb.toString();
    }

    private static void opt(StringBuilder sb, String key, String value) {
        sb.append(',').append(key).append('=').append(QemuText.escape(value));
    }

    @Override
    public String toString() {
        return "ProxyArgvRenderer[QEMU " + dialect.version() + "]";
    }
}
