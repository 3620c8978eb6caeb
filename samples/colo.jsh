// colo4j in JShell. Open it from the repository root with the README's one-liner, then try:
//   spec                       the pair below, validated
//   spec.primaryArgv()         the primary's complete argv
//   spec.plan()                every QMP step of start and both failovers (a dry run)
//   spec.toBuilder().nic(ColoNic.builder().netdev("hn0").build()).build()   -> ColoValidationException
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.colo4j.*;
import org.colo4j.blockgraph.*;
import org.colo4j.netfilter.*;
import org.colo4j.qmp.*;
import org.colo4j.qmp.command.*;
import org.colo4j.qmp.event.*;

Path dir = Path.of("/var/lib/colo");

ColoPairSpec spec = ColoPairSpec.builder().
    primary(ColoNode.builder().name("primary").address("127.0.0.1").qmp(QmpEndpoint.unix(dir.resolve("primary.qmp"))).build()).
    secondary(ColoNode.builder().name("secondary").address("127.0.0.2").qmp(QmpEndpoint.unix(dir.resolve("secondary.qmp"))).build()).
    disk(ColoDisk.builder().id("colo-disk0").primaryImage(dir.resolve("primary.qcow2")).
          secondaryImage(dir.resolve("secondary-parent.qcow2")).activeImage(dir.resolve("secondary-active.qcow2")).
          hiddenImage(dir.resolve("secondary-hidden.qcow2")).virtualSize(10L << 30).build()).
    nic(ColoNic.builder().netdev("hn0").build()).
    checkpointDelay(Duration.ofSeconds(2)).
    qemuVersion(ColoPairSpec.TESTED_QEMU).   // 7.2.22; leave it out to render for this host's qemu-system-x86_64
    build();

System.out.println("colo4j loaded: `spec` is COLO-FT.txt's pair on loopback. Try spec.plan() or spec.primaryArgv().");
