package org.colo4j.ha.zookeeper;

import java.nio.charset.StandardCharsets;
import org.colo4j.ha.Epoch;
import org.colo4j.ha.Replacement;

/** The text in the epoch and replacement znodes: {@code "<number>\n<owner>"} and {@code "<node>\n<payload>"}. */
final class EpochCodec {

    private EpochCodec() {
    }

    static byte[] encode(Epoch e) {
        return (e.number() + "\n" + e.owner()).getBytes(StandardCharsets.UTF_8);
    }

    static Epoch decodeEpoch(byte[] data, String path) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        try {
            return nl < 0 ? new Epoch(Long.parseLong(text.strip()), "")
                    : new Epoch(Long.parseLong(text.substring(0, nl)), text.substring(nl + 1));
        } catch (IllegalArgumentException e) {
            throw new ZooKeeperArbiterException("the epoch znode " + path + " holds '" + text + "', not \"<number>\\n<owner>\":"
                    + " is another program using this path? Give the arbiter a root of its own", e);
        }
    }

    static byte[] encode(Replacement r) {
        return (r.node() + "\n" + r.payload()).getBytes(StandardCharsets.UTF_8);
    }

    static Replacement decodeReplacement(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? new Replacement(text, "") : new Replacement(text.substring(0, nl), text.substring(nl + 1));
    }
}
