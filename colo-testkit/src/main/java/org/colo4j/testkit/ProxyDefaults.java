package org.colo4j.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.colo4j.Role;

/** The COLO proxy chardevs and objects COLO-FT.txt starts each node with (steps 1 and 2). */
final class ProxyDefaults {

    private ProxyDefaults() {}

    static void install(QomLayer qom, Role role, String primaryHost) {
        if (role == Role.PRIMARY) {
            qom.putChardev(new QomLayer.Chardev("mirror0", "socket", "0.0.0.0", "9003", true));
            qom.putChardev(new QomLayer.Chardev("compare1", "socket", "0.0.0.0", "9004", true));
            qom.putChardev(new QomLayer.Chardev("compare0", "socket", "127.0.0.1", "9001", true));
            qom.putChardev(new QomLayer.Chardev("compare0-0", "socket", "127.0.0.1", "9001", false));
            qom.putChardev(new QomLayer.Chardev("compare_out", "socket", "127.0.0.1", "9005", true));
            qom.putChardev(new QomLayer.Chardev("compare_out0", "socket", "127.0.0.1", "9005", false));
            qom.putObject("m0", "filter-mirror", props("netdev", "hn0", "queue", "tx", "outdev", "mirror0"));
            qom.putObject("redire0", "filter-redirector", props("netdev", "hn0", "queue", "rx", "indev", "compare_out"));
            qom.putObject("redire1", "filter-redirector", props("netdev", "hn0", "queue", "rx", "outdev", "compare0"));
            qom.putObject("iothread1", "iothread", props());
            qom.putObject("comp0", "colo-compare", props("primary_in", "compare0-0", "secondary_in", "compare1",
                    "outdev", "compare_out0", "iothread", "iothread1"));
        } else {
            qom.putChardev(new QomLayer.Chardev("red0", "socket", primaryHost, "9003", false));
            qom.putChardev(new QomLayer.Chardev("red1", "socket", primaryHost, "9004", false));
            qom.putObject("f1", "filter-redirector", props("netdev", "hn0", "queue", "tx", "indev", "red0"));
            qom.putObject("f2", "filter-redirector", props("netdev", "hn0", "queue", "rx", "outdev", "red1"));
            qom.putObject("rew0", "filter-rewriter", props("netdev", "hn0", "queue", "all"));
        }
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
