package org.colo4j.qmp.command;

import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code migrate}: starts migrating this VM to {@code uri}. Returns at once; progress shows in
 * {@link QueryMigrate} and the {@code MIGRATION} event.
 *
 * <p>In COLO the primary migrates to the secondary's {@code -incoming} address after setting the
 * {@code x-colo} capability; instead of completing, the migration then enters the {@code colo}
 * state and keeps taking checkpoints. COLO-FT.txt:
 * {@code {"execute": "migrate", "arguments": {"uri": "tcp:127.0.0.2:9998"}}}.
 *
 * @param uri the destination, e.g. {@code tcp:127.0.0.2:9998}, {@code unix:/run/mig.sock},
 *     {@code exec:cat > /dev/null}
 */
public record Migrate(String uri) implements QmpCommand<Void> {

    public Migrate {
        Args.text(uri, "uri");
    }

    /**
     * Migration to {@code tcp:host:port}; an IPv6 host is put in brackets.
     *
     * @throws IllegalArgumentException if the port is not within 1..65535
     */
    public static Migrate tcp(String host, int port) {
        Args.text(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, got " + port);
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new Migrate("tcp:" + h + ":" + port);
    }

    @Override
    public String commandName() {
        return "migrate";
    }

    @Override
    public QmpReturn<Void> returnType() {
        return QmpReturn.none();
    }
}
