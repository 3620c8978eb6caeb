package org.colo4j.qmp.command;

import java.util.Objects;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code chardev-add}: creates a character device at run time.
 *
 * <p>Resuming COLO on a node that was the secondary recreates the proxy's socket chardevs this way
 * before the filters and {@code colo-compare}. COLO-FT.txt:
 * {@code {"execute": "chardev-add", "arguments": {"id": "mirror0", "backend": {"type": "socket",
 * "data": {"addr": {"type": "inet", "data": {"host": "0.0.0.0", "port": "9003"}}, "server": true}}}}}.
 * The reply carries the pty path for {@code pty} backends and nothing otherwise.
 *
 * @param id the chardev id
 * @param backend the backend
 */
public record ChardevAdd(String id, ChardevBackend backend) implements QmpCommand<ChardevReturn> {

    private static final QmpReturn<ChardevReturn> RETURN = QmpReturn.of(ChardevReturn.class);

    public ChardevAdd {
        Args.text(id, "id");
        Objects.requireNonNull(backend, "backend");
    }

    /** A socket chardev, e.g. {@code socket("mirror0", ChardevSocket.server(SocketAddressLegacy.inet("0.0.0.0", 9003)))}. */
    public static ChardevAdd socket(String id, ChardevSocket socket) {
        return new ChardevAdd(id, ChardevBackend.socket(socket));
    }

    @Override
    public String commandName() {
        return "chardev-add";
    }

    @Override
    public QmpReturn<ChardevReturn> returnType() {
        return RETURN;
    }
}
