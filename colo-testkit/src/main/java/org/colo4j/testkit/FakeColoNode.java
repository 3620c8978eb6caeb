package org.colo4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.colo4j.ColoNode;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.blockgraph.SecondaryDisk;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpGreeting;
import org.colo4j.qmp.command.ColoMode;
import org.colo4j.qmp.command.ColoStatusInfo;
import org.colo4j.qmp.command.MigrationStatus;
import org.colo4j.qmp.command.RunState;
import org.colo4j.qmp.command.StatusInfo;

/**
 * A fake QEMU that reports COLO state as a real QEMU does, on a real QMP socket, for unit tests of
 * HA logic: QEMU 7.2.22 by default, or another release ({@link Builder#version}; see "QEMU
 * versions"). Pair two of them to get a fake COLO pair.
 *
 * <pre>{@code
 * try (FakeColoNode primary = FakeColoNode.start(Role.PRIMARY);
 *      FakeColoNode secondary = FakeColoNode.start(Role.SECONDARY)) {
 *     FakeColoNode.startColo(primary, secondary);            // COLO-FT.txt steps 3 and 4, in-process
 *     QmpClient qmp = primary.connect();                     // or QmpClient.connect(primary.endpoint())
 *     qmp.execute(new QueryColoStatus());                    // mode primary, last-mode none, reason none
 *     secondary.kill();                                      // the secondary's QEMU dies ...
 *     primary.checkpoint();                                  // ... and the primary notices: COLO_EXIT error
 *     myPolicy.onColoExit(qmp);                              // the code under test fails over
 * }
 * }</pre>
 *
 * <h2>Initial state</h2>
 * As COLO-FT.txt starts the nodes: the {@linkplain Role#PRIMARY primary} in run state
 * {@code prelaunch} ({@code -S}) with a quorum drive per disk; the
 * {@linkplain Role#SECONDARY secondary} in {@code inmigrate} ({@code -incoming tcp:0.0.0.0:9998})
 * with parent, replication and quorum drives; block nodes made by {@code -drive} carry generated
 * names ({@code #block123}) as in QEMU; netdev {@code hn0}; the proxy chardevs and objects of
 * COLO-FT.txt: on the primary (step 1) chardevs {@code mirror0}, {@code compare1},
 * {@code compare0}, {@code compare0-0}, {@code compare_out}, {@code compare_out0} and objects
 * {@code m0}, {@code redire0}, {@code redire1}, {@code iothread1}, {@code comp0}; on the secondary
 * (step 2) chardevs {@code red0}, {@code red1} and objects {@code f1}, {@code f2}, {@code rew0}.
 * {@code query-colo-status} says mode {@code none}. The image files it reports are listed at
 * {@link Builder#imageFolder(String)}.
 *
 * <h2>Built from a spec</h2>
 * {@link #builder(ColoPairSpec, Role)} (or {@link FakeColoPair#start(ColoPairSpec)} for both nodes)
 * makes the node a QEMU started with {@code spec.argv(role)} would be, so colo4j's
 * {@code ColoPair.connect(spec)}, {@code preflight()}, {@code start()}, both failovers and
 * {@code resumeReplication} run against it with nothing copied by hand: the node's name; its QMP
 * socket at {@code spec.node(role).qmp()} (unix path, or TCP at an address of this machine); the
 * spec's QEMU version; the primary in {@code prelaunch}, the secondary in {@code inmigrate} with
 * {@code -incoming defer} (not listening, as colo4j's preflight requires); per spec disk the quorum
 * (the disk's id), on the secondary the parent and replication drives (the disk's parent id and
 * {@code childs<i>}), each image file as the spec names it with its format and the spec's virtual
 * size (64 MiB if the spec declares none); the netdev of every NIC; the proxy's socket chardevs
 * (ids, hosts, ports) and objects (filters, iothreads, colo-compare, with their properties) exactly
 * as the spec's proxy lays them out. {@link #startColo} then uses the spec's addresses and ports.
 *
 * <h2>Commands</h2>
 * {@code query-status}, {@code query-colo-status}, {@code query-migrate}, {@code query-version},
 * {@code query-named-block-nodes}, {@code query-block}, {@code x-debug-query-block-graph},
 * {@code query-chardev}, {@code query-commands}, {@code query-migrate-capabilities},
 * {@code query-block-jobs}, {@code drive-mirror}, {@code block-job-cancel}, {@code stop}, {@code cont},
 * {@code quit}, {@code migrate},
 * {@code migrate-incoming}, {@code migrate-set-capabilities}, {@code migrate-set-parameters},
 * {@code nbd-server-start}, {@code nbd-server-stop}, {@code nbd-server-add},
 * {@code block-export-add}, {@code block-export-del}, {@code blockdev-add}, {@code blockdev-del},
 * {@code x-blockdev-change}, {@code object-add}, {@code object-del}, {@code chardev-add},
 * {@code chardev-remove}, {@code x-colo-lost-heartbeat}, {@code human-monitor-command}
 * ({@code info status}, {@code qemu-io}, {@code drive_add -n}, {@code drive_del}), and
 * {@code query-yank} and {@code yank}, the only two it also runs out of band (yanking the migration of
 * a replicating node breaks the COLO stream as a lost peer does). Any other command
 * gets {@code CommandNotFound}, as from a QEMU without it; stub it on {@link #server()} if the code
 * under test needs it. Stubs and expectations on {@link #server()} take precedence over the model,
 * which is how faults are injected into a node.
 *
 * <h2>Errors, as QEMU 7.2 words them</h2>
 * e.g. {@code x-colo-lost-heartbeat} outside COLO: {@code "The feature 'colo' is not enabled"}
 * ({@code "VM is not in COLO mode"} from QEMU 8.0);
 * during a failover: {@code "COLO failover is already activated"}; {@code nbd-server-start} twice:
 * {@code "NBD server already running"}; {@code object-del} of a missing id:
 * {@code "object 'ID' not found"}; {@code chardev-remove} of one a filter still uses:
 * {@code "Chardev 'red0' is busy"}; {@code blockdev-del} of an attached node:
 * {@code "Block device replication0 is in use"}; missing or unexpected arguments:
 * {@code "Parameter 'uri' is missing"}.
 *
 * <h2>QEMU versions</h2>
 * A node answers as the release it greets as ({@link Builder#version}; a node built from a spec as
 * {@code spec.qemuVersion(role)}). Compared command by command with Debian's builds of
 * {@link #measuredVersions() 7.2.22, 10.0.13 and 11.1.3} by {@code FakeMatchesQemuIT}; for the
 * releases in between, the release where an answer changed comes from QEMU's source:
 * <ul>
 *   <li>greeting: the Debian build's package string for a measured version, else empty;</li>
 *   <li>{@code query-status}: {@code singlestep} until 9.0 removed it;</li>
 *   <li>{@code x-colo-lost-heartbeat} outside COLO: {@code "The feature 'colo' is not enabled"}
 *       before 8.0, then {@code "VM is not in COLO mode"};</li>
 *   <li>{@code migrate}/{@code migrate-incoming} without {@code uri}: {@code "Parameter 'uri' is
 *       missing"} before 8.2, then the {@code channels} messages ({@code "need either 'uri' or
 *       'channels' argument"} from 9.0);</li>
 *   <li>migration capabilities: {@code switchover-ack}, {@code dirty-limit} from 8.1,
 *       {@code mapped-ram} from 9.0, no {@code compress}/{@code block} from 9.1, no
 *       {@code zero-blocks} from 11;</li>
 *   <li>from 11.0, {@code x-colo} without {@code return-path} is refused: {@code "Capability
 *       'x-colo' requires capability 'return-path'"} (11.0 itself assumed, as in colo4j's
 *       {@code ColoDialect});</li>
 *   <li>{@code chardev-add} socket options: {@code reconnect-ms} from 9.2, {@code reconnect}
 *       until 10.2 removed it ({@code "Parameter 'backend.data.reconnect' is unexpected"});</li>
 *   <li>as before: nested {@code object-add} before 6.0, no {@code block-export-add} before 5.2,
 *       x-colo needed on 8.0+ secondaries, no COLO on 10.0.0-10.0.6 and 10.1.0-10.1.2.</li>
 * </ul>
 * The {@code query-qmp-schema} reply and the COLO event sequences stay QEMU 7.2.22's; a pair that
 * turns on {@code return-path} before 11 keeps checkpointing (real 7.2.22 and 10.0.13 break at the
 * first checkpoint).
 *
 * <h2>COLO, as measured on a real pair</h2>
 * {@code migrate} with {@code x-colo} to the paired secondary's incoming address starts COLO:
 * the primary sends {@code MIGRATION} {@code setup} before its reply, then {@code active},
 * {@code colo} (MIGRATION and MIGRATION_PASS events only with the {@code events} capability, as
 * in QEMU), {@code STOP} if it was running, and {@code RESUME}; the secondary sends {@code RESUME}.
 * Both then run, with modes {@code primary}/{@code secondary}. Without {@code x-colo} the migration
 * completes plainly (primary {@code postmigrate}); QEMU 8.0+ secondaries without {@code x-colo}
 * die ("ENABLE_COLO command come in migration stream, but x-colo capability is not set");
 * QEMU 10.0.0-10.0.6 and 10.1.0-10.1.2 nodes never enter COLO (upstream regression, fixed in
 * 10.0.7 and 10.1.3). A periodic checkpoint is a
 * {@code STOP}/{@code RESUME} pair on both nodes; the fake takes one when the test calls
 * {@link #checkpoint()} on the primary, never on a timer.
 * <ul>
 *   <li>The link between the nodes fails, both alive ({@link #cutLinkToPeer()}): the secondary at
 *       once sends {@code RESUME}, {@code COLO_EXIT {secondary, error}}; the primary sends
 *       {@code COLO_EXIT {primary, error}} at its next checkpoint; both stay in their COLO mode
 *       until a failover.</li>
 *   <li>Failover on the secondary with the primary alive: reply, {@code STOP}, {@code MIGRATION completed},
 *       {@code COLO_EXIT {mode: secondary, reason: request}}, {@code RESUME}; the primary's next
 *       checkpoint then fails with {@code COLO_EXIT {primary, error}} and leaves it paused (run state
 *       {@code colo}).</li>
 *   <li>The primary's process dies ({@link #kill()}): the secondary at once sends {@code RESUME},
 *       {@code COLO_EXIT {secondary, error}} and stays in mode secondary; its later failover sends
 *       {@code STOP}, {@code MIGRATION completed}, the reply, {@code RESUME}.</li>
 *   <li>The secondary's process dies: the primary notices at its next checkpoint
 *       ({@code COLO_EXIT {primary, error}}, still running); its failover sends {@code STOP},
 *       {@code MIGRATION completed}, the reply, {@code RESUME}.</li>
 *   <li>Failover on the primary with the secondary alive: {@code MIGRATION completed}, reply,
 *       {@code COLO_EXIT {primary, request}}, {@code RESUME}; the secondary at once sends
 *       {@code RESUME}, {@code COLO_EXIT {secondary, error}}.</li>
 * </ul>
 * After a failover {@code query-colo-status} says mode {@code none}, last-mode the old mode, reason
 * {@code request}; during a held failover ({@link Builder#manualFailover(boolean)}) reason
 * {@code processing}.
 *
 * <h2>Data</h2>
 * HMP {@code qemu-io DRIVE "write -P 0xab 0 1M"} / {@code "read -P 0xab 0 1M"} work on the COLO
 * drives; as in QEMU 7.2 the reply is empty and the result goes to standard output
 * ({@link #stdout()}, {@link #stdoutFile()}). The primary's writes reach the secondary at the next
 * checkpoint, so a write not followed by a checkpoint is lost by a secondary failover, as on a
 * real pair. A write on the primary's quorum while its replication child is attached and COLO is
 * not running yet sends {@code QUORUM_REPORT_BAD}.
 *
 * <h2>Resuming replication</h2>
 * After a failover, the survivor can be {@linkplain #pair paired} with a new secondary (its old
 * peer dead, or left behind by the failover) and brought back into COLO as
 * {@code ColoPair.resumeReplication} does it: {@code drive-mirror} of a quorum drive (sync
 * {@code full}, mode {@code existing}) to the new secondary's parent export over {@code nbd://}
 * copies the disk at once, so the job is ready at once ({@code JOB_STATUS_CHANGE} created,
 * running, ready, {@code BLOCK_JOB_READY}); until it ends, guest writes reach the copy too;
 * {@code block-job-cancel} of the ready job completes it without switching over ({@code waiting},
 * {@code pending}, {@code BLOCK_JOB_COMPLETED}, {@code concluded}, {@code null}; with
 * {@code force}: {@code aborting}, {@code BLOCK_JOB_CANCELLED}), as QEMU 7.2 reports it. Other
 * mirrors ({@code blockdev-mirror}, other sync modes, {@code block-job-complete}) are not
 * modelled. The same works after a failover on the secondary: the secondary that took over pairs
 * as the primary of its new secondary.
 *
 * <p>Thread-safe. {@link #close()} closes the socket, connections and threads and deletes the
 * node's temporary directory.
 */
public final class FakeColoNode implements AutoCloseable {

    private final Role role;
    private final String name;
    private final Path directory;
    private final Path stdoutFile;
    private final ColoNodeModel model;
    private final FakeQmpServer server;

    private FakeColoNode(Builder b, Path directory) {
        this.role = b.role;
        this.name = b.name != null ? b.name : b.role.name().toLowerCase(Locale.ROOT);
        this.directory = directory;
        this.stdoutFile = directory.resolve("stdout.log");
        try {
            Files.createFile(stdoutFile);
        } catch (IOException e) {
            throw new TestkitException("cannot create " + stdoutFile + ": " + e.getMessage(), e);
        }
        this.model = new ColoNodeModel(this, b);
        FakeQmpServer.Builder sb = FakeQmpServer.builder().name(name).greeting(b.greeting).clock(b.clock)
                .handler(model::handle);
        if (b.specNode != null) {
            sb.endpoint(b.specNode.spec().node(role).qmp());
        } else if (b.transport == FakeTransport.TCP) {
            sb.tcp();
        } else {
            sb.unix(directory.resolve("qmp.sock"));
        }
        this.server = sb.build();
    }

    /**
     * A builder for a node in {@code role} with COLO-FT.txt's layout (see "Initial state"); prefer
     * {@link #builder(ColoPairSpec, Role)} to test code that runs colo4j's procedures.
     *
     * @param role primary or secondary
     * @return a builder for a node in {@code role}
     */
    public static Builder builder(Role role) {
        return new Builder(Objects.requireNonNull(role, "role"), null);
    }

    /**
     * A builder for the node in {@code role} of {@code spec}, as if QEMU were started with
     * {@code spec.argv(role)} (see "Built from a spec"). Only the QEMU version
     * ({@link Builder#version}, {@link Builder#greeting}), the clock and
     * {@link Builder#manualFailover(boolean)} may be changed; everything else comes from the spec.
     *
     * @param spec the pair, e.g. the one the code under test connects to
     * @param role which of its nodes to play
     * @return a builder for that node
     */
    public static Builder builder(ColoPairSpec spec, Role role) {
        return new Builder(Objects.requireNonNull(role, "role"), SpecNode.of(Objects.requireNonNull(spec, "spec"), role));
    }

    /**
     * The node in {@code role} of {@code spec}, started: listening at {@code spec.node(role).qmp()},
     * with the spec's disks, NICs, proxy and QEMU version; a secondary waits with
     * {@code -incoming defer}. Pair it with the other node ({@link #pair}), or use
     * {@link FakeColoPair#start(ColoPairSpec)}, which does both.
     *
     * @param spec the pair
     * @param role which of its nodes to play
     * @return the started node
     * @throws TestkitException if the spec's QMP endpoint cannot be bound (an existing socket file, a
     *     TCP address that is not this machine's)
     */
    public static FakeColoNode start(ColoPairSpec spec, Role role) {
        return builder(spec, role).build();
    }

    /**
     * A started node in {@code role} with every default: unix socket, QEMU 7.2.22, COLO-FT.txt's
     * disk and proxy.
     *
     * @param role primary or secondary
     * @return a started node in {@code role} with every default: unix socket, QEMU 7.2.22, COLO-FT.txt's disk and proxy
     */
    public static FakeColoNode start(Role role) {
        return builder(role).build();
    }

    /**
     * Links a primary and a secondary so that they act as one COLO pair: migration, NBD
     * connections, checkpoints, replicated writes, failover and death affect both.
     *
     * <p>A node may be paired again once its peer is dead ({@link #kill()}) or it has itself failed
     * over: that is how a survivor gets its new secondary. A secondary that took over (failed over
     * and runs alone) pairs as the primary.
     *
     * @param primary a node started as {@link Role#PRIMARY}, or a secondary that took over
     * @param secondary a node started as {@link Role#SECONDARY} that has not taken over
     * @throws IllegalArgumentException if the roles are wrong or a node is paired with another
     *     that is alive and has not been failed over from
     */
    public static void pair(FakeColoNode primary, FakeColoNode secondary) {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        ColoNodeModel.LOCK.lock();
        try {
            if (!primary.model.actsAsPrimary() || secondary.model.actsAsPrimary()) {
                throw new IllegalArgumentException("pair(primary, secondary) takes a PRIMARY (or a SECONDARY that took"
                        + " over) then a SECONDARY node, got " + primary.role + " and " + secondary.role);
            }
            for (FakeColoNode[] n : new FakeColoNode[][] {{primary, secondary}, {secondary, primary}}) {
                FakeColoNode current = n[0].model.peer;
                boolean replaceable = current == null || current == n[1] || !current.model.alive
                        || n[0].model.failover == ColoNodeModel.Failover.COMPLETED;
                if (!replaceable) {
                    throw new IllegalArgumentException(n[0] + " is already paired with " + current
                            + ", which is alive: kill it, or fail over from it, before pairing again");
                }
            }
            primary.model.peer = secondary;
            secondary.model.peer = primary;
            primary.model.linkCut = false;
            secondary.model.linkCut = false;
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
    }

    /**
     * Pairs the nodes and brings them into COLO the way COLO-FT.txt steps 3 and 4 do, run inside
     * the fakes (they do not show in {@link FakeQmpServer#received()}; events do reach connected
     * clients). On the secondary: {@code migrate-set-capabilities x-colo} (with {@code return-path}
     * from QEMU 11),
     * ({@code migrate-incoming tcp:0.0.0.0:9998} if started with {@code defer}),
     * {@code nbd-server-start 0.0.0.0:9999}, one writable NBD export per parent drive named after
     * it. On the primary, per disk: {@code blockdev-add} a replication node
     * {@code replication<i>} over NBD to 127.0.0.1:9999 and {@code x-blockdev-change} it into the
     * quorum; then {@code migrate-set-capabilities x-colo} (the same) and {@code migrate} to the secondary's
     * incoming port.
     *
     * <p>Nodes built from a spec ({@link #builder(ColoPairSpec, Role)}) take every address, port,
     * id and the checkpoint delay from the secondary's spec, as {@code ColoPair.start()} would: on
     * the secondary x-colo, {@code migrate-incoming} at its {@code incomingUri()}, the NBD server at
     * its listen address and NBD port, one export per disk ({@code nbd-server-add} before QEMU
     * 5.2); on the primary the replication nodes over NBD to the secondary's address, x-colo,
     * {@code x-checkpoint-delay} and {@code migrate} to its {@code migrationUri()}.
     *
     * @param primary a node started as {@link Role#PRIMARY}
     * @param secondary a node started as {@link Role#SECONDARY}
     * @throws TestkitException naming the step and QEMU's error if a step fails or COLO did not
     *     start (e.g. a QEMU 10.0.2 node)
     */
    public static void startColo(FakeColoNode primary, FakeColoNode secondary) {
        pair(primary, secondary);
        if (primary.spec() != null || secondary.spec() != null) {
            startColoFromSpec(primary, secondary);
            requireColo(primary, secondary);
            return;
        }
        secondary.runInternal("migrate-set-capabilities", enableColo(secondary));
        String incoming;
        ColoNodeModel.LOCK.lock();
        try {
            incoming = secondary.model.incoming;
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        if ("defer".equals(incoming)) {
            incoming = "tcp:0.0.0.0:9998";
            ObjectNode args = JsonNodeFactory.instance.objectNode().put("uri", incoming);
            secondary.runInternal("migrate-incoming", args);
        }
        if (!incoming.startsWith("tcp:")) {
            throw new TestkitException("startColo needs the secondary to listen on tcp:HOST:PORT, but it listens on "
                    + incoming + ": give Builder.incoming(\"tcp:0.0.0.0:9998\")");
        }
        String port = Migrations.hostPort(incoming.substring(4))[1];
        secondary.runInternal("nbd-server-start",
                json("{\"addr\": {\"type\": \"inet\", \"data\": {\"host\": \"0.0.0.0\", \"port\": \"9999\"}}}"));
        List<FakeDisk> disks = secondary.model.disks;
        for (FakeDisk d : disks) {
            String node;
            ColoNodeModel.LOCK.lock();
            try {
                node = secondary.model.block.deviceOrNode(d.parentId()).name;
            } finally {
                ColoNodeModel.LOCK.unlock();
            }
            ObjectNode export = JsonNodeFactory.instance.objectNode().put("type", "nbd").put("id", d.parentId())
                    .put("node-name", node).put("writable", true).put("name", d.parentId());
            secondary.runInternal("block-export-add", export);
        }
        for (int i = 0; i < primary.model.disks.size(); i++) {
            FakeDisk d = primary.model.disks.get(i);
            String parent = i < disks.size() ? disks.get(i).parentId() : d.parentId();
            primary.runInternal("blockdev-add", json("{\"driver\": \"replication\", \"mode\": \"primary\", \"node-name\":"
                    + " \"replication" + i + "\", \"file\": {\"driver\": \"nbd\", \"server\": {\"type\": \"inet\","
                    + " \"host\": \"127.0.0.1\", \"port\": \"9999\"}, \"export\": \"" + parent + "\"}}"));
            primary.runInternal("x-blockdev-change", JsonNodeFactory.instance.objectNode().put("parent", d.id())
                    .put("node", "replication" + i));
        }
        primary.runInternal("migrate-set-capabilities", enableColo(primary));
        primary.runInternal("migrate", JsonNodeFactory.instance.objectNode().put("uri", "tcp:127.0.0.1:" + port));
        requireColo(primary, secondary);
    }

    /** {@code migrate-set-capabilities} for COLO on {@code node}: x-colo, with return-path where its release requires it. */
    private static ObjectNode enableColo(FakeColoNode node) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        ArrayNode list = args.putArray("capabilities");
        list.addObject().put("capability", "x-colo").put("state", true);
        if (node.model.release.xColoRequiresReturnPath()) {
            list.addObject().put("capability", "return-path").put("state", true);
        }
        return args;
    }

    private static void startColoFromSpec(FakeColoNode primary, FakeColoNode secondary) {
        ColoPairSpec spec = secondary.spec();
        if (spec == null || !spec.primary().qmp().equals(primary.endpoint())) {
            throw new TestkitException("startColo(" + primary + ", " + secondary + "): the nodes were not built from one"
                    + " spec (the secondary's spec must name the primary's QMP endpoint " + primary.endpoint()
                    + "); build both with FakeColoNode.builder(spec, role), or neither");
        }
        ColoNode s = spec.secondary();
        JsonNodeFactory f = JsonNodeFactory.instance;
        secondary.runInternal("migrate-set-capabilities", enableColo(secondary));
        secondary.runInternal("migrate-incoming", f.objectNode().put("uri", s.incomingUri()));
        ObjectNode nbd = f.objectNode();
        nbd.putObject("addr").put("type", "inet").putObject("data").put("host", s.listenAddress())
                .put("port", String.valueOf(s.nbdPort()));
        secondary.runInternal("nbd-server-start", nbd);
        for (SecondaryDisk d : spec.replication().secondaryDisks()) {
            if (secondary.version().isAtLeast(5, 2)) {
                String node = secondary.read(() -> secondary.model.block.deviceOrNode(d.parentId()).name);
                secondary.runInternal("block-export-add", f.objectNode().put("type", "nbd").put("id", d.parentId())
                        .put("node-name", node).put("writable", true).put("name", d.exportName()));
            } else {
                secondary.runInternal("nbd-server-add", f.objectNode().put("device", d.parentId()).put("writable", true));
            }
        }
        for (PrimaryDisk d : spec.replication().primaryDisks()) {
            ObjectNode add = f.objectNode().put("driver", "replication").put("mode", "primary")
                    .put("node-name", d.replicationNodeName());
            ObjectNode file = add.putObject("file").put("driver", "nbd");
            file.putObject("server").put("type", "inet").put("host", s.address()).put("port", String.valueOf(s.nbdPort()));
            file.put("export", d.exportName());
            primary.runInternal("blockdev-add", add);
            primary.runInternal("x-blockdev-change", f.objectNode().put("parent", d.quorumId())
                    .put("node", d.replicationNodeName()));
        }
        primary.runInternal("migrate-set-capabilities", enableColo(primary));
        primary.runInternal("migrate-set-parameters", f.objectNode().put("x-checkpoint-delay",
                spec.checkpointDelay().toMillis()));
        primary.runInternal("migrate", f.objectNode().put("uri", s.migrationUri()));
    }

    private static void requireColo(FakeColoNode primary, FakeColoNode secondary) {
        ColoStatusInfo p = primary.coloStatus();
        ColoStatusInfo s = secondary.coloStatus();
        if (!p.inColo() || !s.inColo()) {
            throw new TestkitException("startColo: COLO did not start: primary " + p + " (migration "
                    + primary.migrationStatus() + "), secondary " + s + " (migration " + secondary.migrationStatus()
                    + ", " + (secondary.isAlive() ? "alive" : "dead: " + secondary.stdout().strip()) + ")");
        }
    }

    private static ObjectNode json(String text) {
        return JsonArgs.parseObject(text, "arguments");
    }

    private void runInternal(String command, ObjectNode args) {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            requireAlive("run " + command);
            if (model.dispatch(command, args, fx) == null) {
                throw new TestkitException(this + " has no command " + command);
            }
            fx.sendAll(this);
        } catch (QmpError e) {
            throw new TestkitException("startColo: " + command + " " + QmpWire.render(args) + " on " + this
                    + " failed: " + e.getMessage(), e);
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        fx.deliver();
    }

    // ------------------------------------------------------------------ identity and access

    /**
     * The spec this node was built from ({@link #builder(ColoPairSpec, Role)}), or null.
     *
     * @return the spec, or null for a node built with {@link #builder(Role)}
     */
    public ColoPairSpec spec() {
        return model.spec;
    }

    /**
     * The role this node was started in.
     *
     * @return the role this node was started in
     */
    public Role role() {
        return role;
    }

    /**
     * The node's name, {@code primary} or {@code secondary} unless given.
     *
     * @return the node's name, {@code primary} or {@code secondary} unless given
     */
    public String name() {
        return name;
    }

    /**
     * The QEMU versions whose Debian build the fake was compared with command by command
     * ({@code FakeMatchesQemuIT}): 7.2.22 (bookworm), 10.0.13 (trixie) and 11.1.3 (sid), oldest first.
     *
     * @return the measured versions, oldest first
     */
    public static List<QemuVersion> measuredVersions() {
        return QemuRelease.measured();
    }

    /**
     * The QEMU version it greets with.
     *
     * @return the QEMU version it greets with
     */
    public QemuVersion version() {
        return model.version;
    }

    /**
     * Its QMP socket.
     *
     * @return its QMP socket
     */
    public QmpEndpoint endpoint() {
        return server.endpoint();
    }

    /**
     * Its QMP server: the record of received commands, the transcript, stubs and faults.
     *
     * @return its QMP server: the record of received commands, the transcript, stubs and faults
     */
    public FakeQmpServer server() {
        return server;
    }

    /**
     * A {@link QmpClient} with 5-second deadlines, closed with this node.
     *
     * @return a {@link QmpClient} with 5-second deadlines, closed with this node
     */
    public QmpClient connect() {
        return server.connect();
    }

    /**
     * The paired node, or null if unpaired.
     *
     * @return the paired node, or null if unpaired
     */
    public FakeColoNode peer() {
        ColoNodeModel.LOCK.lock();
        try {
            return model.peer;
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
    }

    // ------------------------------------------------------------------ observed state

    /**
     * What {@code query-status} reports now.
     *
     * @return what {@code query-status} reports now
     */
    public StatusInfo status() {
        return read(() -> new StatusInfo(model.runState == RunState.RUNNING, model.runState,
                model.release.statusHasSinglestep() ? Boolean.FALSE : null));
    }

    /**
     * What {@code query-colo-status} reports now.
     *
     * @return what {@code query-colo-status} reports now
     */
    public ColoStatusInfo coloStatus() {
        return read(() -> new ColoStatusInfo(model.mode, model.lastMode, model.reason()));
    }

    /**
     * The migration status; {@link MigrationStatus#NONE} before any migration.
     *
     * @return the migration status; {@link MigrationStatus#NONE} before any migration
     */
    public MigrationStatus migrationStatus() {
        return read(() -> model.migration == null ? MigrationStatus.NONE : model.migration);
    }

    /**
     * The block node names, in creation order (generated {@code #block...} names included).
     *
     * @return the block node names, in creation order (generated {@code #block...} names included)
     */
    public List<String> blockNodes() {
        return read(model.block::nodeNames);
    }

    /**
     * The children of a quorum (or any node): edge name → node name, e.g.
     * {@code {children.0=#block123, children.1=replication0}}.
     *
     * @param parent a drive id such as {@code colo-disk0}, or a node name
     * @return edge name → child node name
     */
    public Map<String, String> children(String parent) {
        return read(() -> model.block.children(parent));
    }

    /**
     * The QOM object ids ({@code m0}, {@code comp0}, {@code f1}, ...).
     *
     * @return the QOM object ids ({@code m0}, {@code comp0}, {@code f1}, ...)
     */
    public List<String> objects() {
        return read(model.qom::objectIds);
    }

    /**
     * The chardev ids.
     *
     * @return the chardev ids
     */
    public List<String> chardevs() {
        return read(model.qom::chardevIds);
    }

    /**
     * Whether the NBD server runs.
     *
     * @return whether the NBD server runs
     */
    public boolean nbdServerRunning() {
        return read(model.block::nbdRunning);
    }

    /**
     * The NBD export ids.
     *
     * @return the NBD export ids
     */
    public List<String> exports() {
        return read(model.block::exportIds);
    }

    /**
     * Whether a migration capability is on.
     *
     * @param capability e.g. {@code x-colo}, {@code events}
     * @return whether a migration capability is on
     */
    public boolean capability(String capability) {
        return read(() -> model.capability(capability));
    }

    /**
     * The {@code x-checkpoint-delay} in milliseconds (QEMU's default is 20000).
     *
     * @return the {@code x-checkpoint-delay} in milliseconds (QEMU's default is 20000)
     */
    public long checkpointDelayMillis() {
        return read(() -> model.parameters.get("x-checkpoint-delay").asLong());
    }

    /**
     * How many checkpoints this node took part in since COLO started.
     *
     * @return how many checkpoints this node took part in since COLO started
     */
    public int checkpoints() {
        return read(() -> model.checkpoints);
    }

    /**
     * What the fake QEMU printed on its standard output (qemu-io results, error reports).
     *
     * @return what the fake QEMU printed on its standard output (qemu-io results, error reports)
     */
    public String stdout() {
        return read(model.stdout::toString);
    }

    /**
     * A file with the same text as {@link #stdout()}, appended as QEMU prints, for code that tails a log.
     *
     * @return a file with the same text as {@link #stdout()}, appended as QEMU prints, for code that tails a log
     */
    public Path stdoutFile() {
        return stdoutFile;
    }

    /**
     * Whether the fake process is alive (not killed, not quit, not closed).
     *
     * @return whether the fake process is alive (not killed, not quit, not closed)
     */
    public boolean isAlive() {
        return read(() -> model.alive);
    }

    // ------------------------------------------------------------------ driving the model

    /**
     * Takes one COLO checkpoint now, as the primary does every {@code x-checkpoint-delay} ms: STOP and
     * RESUME on both nodes ({@code MIGRATION_PASS} with the {@code events} capability), and the
     * primary's writes since the last checkpoint become the secondary's. If the peer died or left
     * COLO, the primary instead notices it: {@code COLO_EXIT {primary, error}}. On an unpaired
     * secondary in COLO: STOP and RESUME.
     *
     * @throws TestkitException if the node is not in COLO, already failed over, already reported a
     *     COLO error, is dead, or is a paired secondary (checkpoints are the primary's)
     */
    public void checkpoint() {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            requireAlive("take a checkpoint");
            requireColo("take a checkpoint");
            if (model.mode == ColoMode.SECONDARY) {
                if (model.peer != null) {
                    throw new TestkitException("checkpoints are driven by the primary: call checkpoint() on "
                            + model.peer + ", not on " + this);
                }
                model.secondaryCheckpoint(fx);
            } else {
                model.checkpoint(fx);
            }
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        fx.deliver();
    }

    /**
     * This node notices that its peer is gone (e.g. a network partition): it sends
     * {@code COLO_EXIT {mode, error}} (a secondary sends {@code RESUME} first) and stays in its
     * COLO mode until {@code x-colo-lost-heartbeat}, as QEMU 7.2 does. The peer is not told.
     *
     * @throws TestkitException if the node is not in COLO or already reported an error or failed over
     */
    public void peerLost() {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            requireAlive("lose its peer");
            requireColo("lose its peer");
            model.peerLost(fx);
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        fx.deliver();
    }

    /**
     * The network between this node and its peer fails while both QEMUs stay up and keep answering
     * QMP (a link loss, not a death): the secondary notices at once ({@code RESUME},
     * {@code COLO_EXIT {secondary, error}}), the primary at its next {@link #checkpoint()}
     * ({@code COLO_EXIT {primary, error}}, still running); both stay in their COLO mode until
     * {@code x-colo-lost-heartbeat}, as with {@link #peerLost()}. From then on the proxy's
     * cross-node chardevs show as disconnected and NBD connections and migrations to the peer fail
     * with {@code Connection timed out}, until one of them is {@linkplain #pair paired} again. Which
     * node should carry on is for the code under test to decide; if both fail over, both run alone.
     *
     * @throws TestkitException if this node is dead, has no peer, its peer is dead or the link is
     *     already cut
     */
    public void cutLinkToPeer() {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            requireAlive("lose its link");
            ColoNodeModel p = model.peerModel();
            if (p == null || !p.alive) {
                throw new TestkitException(this + " cannot lose its link: it has " + (p == null
                        ? "no peer (FakeColoNode.pair)" : "a dead peer (" + model.peer + ")"));
            }
            if (model.linkCut) {
                throw new TestkitException("the link between " + this + " and " + model.peer + " is already cut");
            }
            for (ColoNodeModel m : List.of(model, p)) {
                m.linkCut = true;
                if (!m.inColoUnbroken()) {
                    continue;
                }
                if (m.mode == ColoMode.SECONDARY) {
                    m.peerLost(fx);
                } else {
                    m.linkBroken = true;
                    m.peerLeftAlive = false;
                }
            }
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        fx.deliver();
    }

    /**
     * Finishes a failover held by {@link Builder#manualFailover(boolean)}: sends its events and
     * moves to mode {@code none}.
     *
     * @throws TestkitException if no failover is in progress
     */
    public void completeFailover() {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            requireAlive("complete a failover");
            if (model.failover != ColoNodeModel.Failover.ACTIVE) {
                throw new TestkitException("no failover is in progress on " + this + " (query-colo-status: "
                        + coloStatusUnlocked() + "): send x-colo-lost-heartbeat first");
            }
            model.completeFailover(fx);
            fx.sendAll(this);
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        fx.deliver();
    }

    /**
     * The fake QEMU process dies (kill -9): its QMP socket closes (clients see EOF, reconnects are
     * refused) and the paired peer reacts as a real one does (see the class description).
     * Harmless twice.
     */
    public void kill() {
        Effects fx = new Effects();
        ColoNodeModel.LOCK.lock();
        try {
            if (server.isKilled()) {
                return;
            }
            model.alive = false;
            ColoNodeModel p = model.peerModel();
            if (p != null && p.inColoUnbroken()) {
                if (p.mode == ColoMode.PRIMARY) {
                    p.linkBroken = true;
                    p.peerLeftAlive = false;
                } else {
                    p.peerLost(fx);
                }
            }
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
        server.kill();
        fx.deliver();
    }

    /** Kills the node (quietly if already dead), closes its server and deletes its temporary directory. */
    @Override
    public void close() {
        kill();
        server.close();
        deleteTree(directory);
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is in the system's temporary folder
        }
    }

    @Override
    public String toString() {
        return "FakeColoNode[" + name + "]";
    }

    // ------------------------------------------------------------------ internals

    ColoNodeModel model() {
        return model;
    }

    void appendStdout(String text) {
        try {
            Files.writeString(stdoutFile, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the file is a convenience copy of stdout(); a closed node may have deleted it
        }
    }

    boolean isChardevConnected(QomLayer.Chardev c) {
        if (!"socket".equals(c.type())) {
            return false;
        }
        Predicate<QomLayer.Chardev> counterpart = o -> "socket".equals(o.type())
                && o.port().equals(c.port()) && o.server() != c.server();
        if (model.qom.chardevList().stream().anyMatch(counterpart)) {
            return true;
        }
        ColoNodeModel p = model.peerModel();
        return p != null && p.alive && !model.linkCut && p.qom.chardevList().stream().anyMatch(counterpart);
    }

    private void requireAlive(String what) {
        if (!model.alive) {
            throw new TestkitException(this + " cannot " + what + ": its QEMU is dead (killed, quit or closed)");
        }
    }

    private void requireColo(String what) {
        if (model.mode == ColoMode.NONE) {
            throw new TestkitException(this + " cannot " + what + ": it is not in COLO (query-colo-status: "
                    + coloStatusUnlocked() + ", migration " + (model.migration == null ? "none" : model.migration.wireName())
                    + "); start COLO first, e.g. FakeColoNode.startColo(primary, secondary)");
        }
        if (model.failover != ColoNodeModel.Failover.NONE) {
            throw new TestkitException(this + " cannot " + what + ": a failover is " + (model.failover
                    == ColoNodeModel.Failover.ACTIVE ? "in progress" : "done"));
        }
        if (model.exitReported) {
            throw new TestkitException(this + " cannot " + what + ": it already reported COLO_EXIT with reason error;"
                    + " QEMU waits for x-colo-lost-heartbeat now");
        }
    }

    private String coloStatusUnlocked() {
        return "mode " + model.mode.wireName() + ", last-mode " + model.lastMode.wireName() + ", reason "
                + model.reason().wireName();
    }

    private <T> T read(Supplier<T> getter) {
        ColoNodeModel.LOCK.lock();
        try {
            return getter.get();
        } finally {
            ColoNodeModel.LOCK.unlock();
        }
    }

    /**
     * Configures a {@link FakeColoNode}; {@link #build()} validates and starts it.
     */
    public static final class Builder {

        final Role role;
        String name;
        FakeTransport transport = FakeTransport.UNIX;
        QmpGreeting greeting = FakeQmpServer.QEMU_7_2;
        Clock clock = Clock.systemUTC();
        final List<FakeDisk> disks = new ArrayList<>();
        String incoming = "tcp:0.0.0.0:9998";
        String primaryHost = "127.0.0.1";
        String imageFolder;
        boolean coloFtProxy = true;
        boolean manualFailover;
        final List<QomLayer.Chardev> chardevs = new ArrayList<>();
        final SpecNode specNode;
        private final Set<String> setDespiteSpec = new LinkedHashSet<>();
        private boolean incomingSet;

        private Builder(Role role, SpecNode specNode) {
            this.role = role;
            this.specNode = specNode;
            this.imageFolder = role == Role.PRIMARY ? "/mnt/vms/colo-test-primary" : "/mnt/vms/colo-test-secondary";
            if (specNode != null) {
                ColoPairSpec spec = specNode.spec();
                this.name = spec.node(role).name();
                this.incoming = "defer";
                this.coloFtProxy = false;
                this.greeting = greetingOf(spec.qemuVersion(role));
                disks.addAll(specNode.disks());
            }
        }

        private static QmpGreeting greetingOf(QemuVersion version) {
            return QemuRelease.of(version).greeting();
        }

        /** Notes a setting that a node built from a spec takes from the spec instead. */
        private void fromSpec(String setting) {
            if (specNode != null) {
                setDespiteSpec.add(setting);
            }
        }

        /**
         * A name for logs and messages; the role in lower case by default.
         *
         * @param name e.g. {@code node-a}
         * @return this builder
         */
        public Builder name(String name) {
            fromSpec("name (the spec's node name)");
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The QMP socket kind; {@link FakeTransport#UNIX} by default.
         *
         * @param transport unix socket or TCP on 127.0.0.1
         * @return this builder
         */
        public Builder transport(FakeTransport transport) {
            fromSpec("transport (the spec's QMP endpoint)");
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * The QEMU version to be: greeting, {@code query-version} and version-dependent behaviour
         * (see "QEMU versions" in {@link FakeColoNode}: error texts, {@code query-status},
         * capabilities and the return-path rule, chardev reconnect options, x-colo needed on QEMU
         * 8.0+ secondaries, no COLO on 10.0.0-10.0.6 and 10.1.0-10.1.2, nested object-add before
         * 6.0, no block-export-add before 5.2). QEMU 7.2.22 by default; a node built from a spec
         * starts as {@code spec.qemuVersion(role)} and may be given another version here, e.g. to
         * test what colo4j's preflight says when a node runs another QEMU than the spec names.
         *
         * @param version e.g. {@code QemuVersion.of(8, 2, 2)}
         * @return this builder
         */
        public Builder version(QemuVersion version) {
            this.greeting = greetingOf(Objects.requireNonNull(version, "version"));
            return this;
        }

        /**
         * The whole greeting (version, package string, capabilities).
         *
         * @param greeting the greeting
         * @return this builder
         */
        public Builder greeting(QmpGreeting greeting) {
            this.greeting = Objects.requireNonNull(greeting, "greeting");
            return this;
        }

        /**
         * The clock that stamps events.
         *
         * @param clock e.g. a fixed clock for reproducible transcripts
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a replicated disk; without any, the node has COLO-FT.txt's {@link FakeDisk#coloFt()}.
         *
         * @param disk the disk's drive ids and size
         * @return this builder
         */
        public Builder disk(FakeDisk disk) {
            fromSpec("disk (the spec's disks)");
            disks.add(Objects.requireNonNull(disk, "disk"));
            return this;
        }

        /**
         * Secondary only: the {@code -incoming} address, {@code tcp:0.0.0.0:9998} by default;
         * {@code defer} waits for {@code migrate-incoming}.
         *
         * @param uri {@code tcp:HOST:PORT} or {@code defer}
         * @return this builder
         */
        public Builder incoming(String uri) {
            fromSpec("incoming (defer, as the spec's secondaryArgv())");
            this.incoming = Objects.requireNonNull(uri, "uri");
            this.incomingSet = true;
            return this;
        }

        /**
         * Secondary only: the primary's address its proxy chardevs {@code red0}/{@code red1}
         * connect to; 127.0.0.1 by default.
         *
         * @param host an address
         * @return this builder
         */
        public Builder primaryHost(String host) {
            fromSpec("primaryHost (the spec's proxy)");
            this.primaryHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The folder of the image files the node reports in block queries (and that preflight
         * compares with a spec's). Disk {@code i}, with {@code <i>} empty for the first disk: the
         * primary's image {@code FOLDER/primary<i>.qcow2}; the secondary's parent
         * {@code FOLDER/primary<i>.qcow2}, active disk {@code FOLDER/secondary-active<i>.qcow2} and
         * hidden disk {@code FOLDER/secondary-hidden<i>.qcow2}, all qcow2. By default
         * {@code /mnt/vms/colo-test-primary} on a primary and {@code /mnt/vms/colo-test-secondary}
         * on a secondary. A node built from a spec reports the spec's files instead.
         *
         * @param folder e.g. {@code /var/lib/colo}
         * @return this builder
         */
        public Builder imageFolder(String folder) {
            fromSpec("imageFolder (the spec's image paths)");
            this.imageFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Start without COLO-FT.txt's proxy chardevs and objects (only netdev {@code hn0}).
         *
         * @return this builder
         */
        public Builder withoutProxy() {
            fromSpec("withoutProxy (the spec's proxy)");
            this.coloFtProxy = false;
            return this;
        }

        /**
         * Adds a socket chardev, or replaces the one of the same id, e.g. to use the ports a
         * colo4j spec allocated.
         *
         * @param id the chardev id
         * @param host its address
         * @param port its TCP port
         * @param server whether it listens
         * @return this builder
         */
        public Builder chardev(String id, String host, int port, boolean server) {
            fromSpec("chardev (the spec's proxy)");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(host, "host");
            chardevs.add(new QomLayer.Chardev(id, "socket", host, String.valueOf(port), server));
            return this;
        }

        /**
         * Hold each failover after {@code x-colo-lost-heartbeat} until the test calls
         * {@link FakeColoNode#completeFailover()}: meanwhile {@code query-colo-status} says reason
         * {@code processing} and a second {@code x-colo-lost-heartbeat} fails with
         * {@code "COLO failover is already activated"}. Off by default (failover completes at once).
         *
         * @param manual whether failovers wait for the test
         * @return this builder
         */
        public Builder manualFailover(boolean manual) {
            this.manualFailover = manual;
            return this;
        }

        /**
         * Validates and starts the node.
         *
         * @return the started node
         * @throws IllegalArgumentException listing every invalid setting
         * @throws TestkitException if the socket cannot be bound
         */
        public FakeColoNode build() {
            List<String> wrong = new ArrayList<>();
            if (!setDespiteSpec.isEmpty()) {
                wrong.add("a node built from a spec takes these from the spec, so do not set them: "
                        + String.join(", ", setDespiteSpec) + "; change the spec instead, or use builder(role)");
            }
            if (specNode != null) {
                ColoPairSpec spec = specNode.spec();
                String refused = QemuRelease.of(greeting.version()).argvError(spec.argv(role));
                if (refused != null) {
                    wrong.add("QEMU " + greeting.version() + " would not start with the argv this spec renders for QEMU "
                            + spec.qemuVersion(role) + " (" + refused + "); render the spec for the version the"
                            + " node runs (ColoPairSpec.Builder.qemuVersion or ColoNode.Builder.qemuVersion)");
                }
            }
            if (incomingSet && role != Role.SECONDARY) {
                wrong.add("incoming is for a SECONDARY node (started with -incoming); this node is " + role);
            }
            if (!incoming.equals("defer") && !incoming.matches("tcp:.+:\\d{1,5}")) {
                wrong.add("incoming must be tcp:HOST:PORT or defer, got '" + incoming + "'");
            }
            if (disks.isEmpty()) {
                disks.add(FakeDisk.coloFt());
            }
            Set<String> ids = new HashSet<>();
            for (FakeDisk d : disks) {
                for (String id : List.of(d.id(), d.parentId(), d.replicationId())) {
                    if (!ids.add(id)) {
                        wrong.add("drive id '" + id + "' is used by two disks; give each disk its own ids");
                    }
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("FakeColoNode settings are invalid:\n  " + String.join("\n  ", wrong));
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("colo4j-fake-");
            } catch (IOException e) {
                throw new TestkitException("cannot create a temporary directory for a fake node: " + e.getMessage(), e);
            }
            try {
                return new FakeColoNode(this, dir);
            } catch (RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }
    }
}
