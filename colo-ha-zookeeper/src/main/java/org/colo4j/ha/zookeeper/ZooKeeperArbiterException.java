package org.colo4j.ha.zookeeper;

import org.colo4j.ha.ArbiterException;

/** ZooKeeper could not be asked, or answered what colo4j did not expect; the cause is Curator's or ZooKeeper's. */
public class ZooKeeperArbiterException extends ArbiterException {

    public ZooKeeperArbiterException(String message, Throwable cause) {
        super(message, cause);
    }
}
