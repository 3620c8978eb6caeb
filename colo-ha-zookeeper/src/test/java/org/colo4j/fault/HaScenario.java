package org.colo4j.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.curator.test.TestingServer;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.CounterGuestAccess;
import org.colo4j.Role;
import org.colo4j.ha.ColoGuard;
import org.colo4j.ha.GuardEvent;
import org.colo4j.ha.GuardOptions;
import org.colo4j.ha.SelfFence;
import org.colo4j.ha.zookeeper.Zk;
import org.colo4j.ha.zookeeper.ZooKeeperArbiter;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.QmpOptions;
import org.colo4j.qmp.command.QueryStatus;
import org.colo4j.qmp.command.StatusInfo;

/**
 * One run of an automatic-HA fault scenario on colo-api's {@link FaultPair} with the counter guest:
 * the guard(s) of a {@link Shape} around the pair, a {@link Fault} on one node (or the link), and the
 * checks of the "Automatic HA" section of RELIABILITY.md; the run is recorded in {@link HaReport}
 * whatever happens.
 */
final class HaScenario {

    /** The agents' ZooKeeper session timeout. */
    static final Duration SESSION = Zk.SESSION;
    /** The guards' thresholds: the documented defaults. */
    static final GuardOptions OPTIONS = GuardOptions.defaults();
    /** How long a guard may take to fail over by itself before the run fails. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);
    private static final long MIB = 1 << 20;

    /** Who guards the pair. */
    enum Shape {
        /** One controller holding both QMP connections, with its own {@code InProcessArbiter}. */
        IN_PROCESS("in-process controller"),
        /** One agent per node, each reaching only its own QEMU, arbitrated by a real ZooKeeper server. */
        AGENTS("agents (ZooKeeper)");

        final String label;

        Shape(String label) {
            this.label = label;
        }
    }

    /** What goes wrong. */
    enum Fault {
        CRASH("kill -9"), FREEZE("SIGSTOP"), PARTITION("silent partition between the nodes"),
        ISOLATE("isolated from ZooKeeper and its peer");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    private HaScenario() {}

    /** Run indexes: {@code colo4j.faults.runs} (the profile sets 20), else 1. */
    static IntStream runs() {
        return IntStream.range(0, FaultRuns.runs(1));
    }

    /** The scenario's name in RELIABILITY.md. */
    static String name(Shape shape, Fault fault, Role victim) {
        return shape.label + ": " + (fault == Fault.PARTITION ? fault.label : victim.toString().toLowerCase() + " " + fault.label);
    }

    /** The target for the time to recover (the issue's): crash 200 ms, else the detection timeout + 300 ms. */
    static long targetMillis(Shape shape, Fault fault) {
        long detection = switch (fault) {
            case CRASH -> -100;
            case FREEZE -> OPTIONS.probeTimeout().toMillis();
            case PARTITION -> Math.max(OPTIONS.probeTimeout().toMillis(),
                    OPTIONS.checkpointStall(FaultPair.CHECKPOINT_DELAY).toMillis());
            case ISOLATE -> shape == Shape.AGENTS ? SESSION.toMillis() : OPTIONS.probeTimeout().toMillis();
        };
        return detection + 300;
    }

    /** Runs one scenario: see the class comment. */
    static void run(Path dir, Shape shape, Fault fault, Role victim, int run) throws Exception {
        FaultSupport.requireNamespacesAndKvm();
        String scenario = name(shape, fault, victim);
        Outcome out = new Outcome();
        try {
            Files.createDirectories(dir);
            Path image = dir.resolve("counter-guest.qcow2");
            CounterGuestAccess.writeBootImage(image, GuestImage.BLANK_SIZE);
            try (TestingServer zk = shape == Shape.AGENTS ? Zk.start() : null;
                 FaultPair p = FaultPair.create(dir, GuestImage.bootable(image));
                 ZooKeeperNet net = shape == Shape.AGENTS ? ZooKeeperNet.create(p.link(), zk.getPort(), dir) : null) {
                try {
                    new Body(p, net, shape, fault, victim, FaultChecks.pattern(FaultRuns.random(scenario, run)), out).run();
                } catch (Throwable t) {
                    Path kept = RunEvidence.keep(scenario, run, p);
                    if (kept != null) {
                        t.addSuppressed(new AssertionError("logs and thread stacks kept in " + kept));
                    }
                    throw t;
                }
            }
            HaReport.add(out.record(scenario, run, shape, fault, null));
        } catch (Throwable t) {
            HaReport.add(out.record(scenario, run, shape, fault, String.valueOf(t.getMessage()).lines().findFirst().orElse(t.toString())));
            throw t;
        }
    }

    /** What a run found so far. */
    private static final class Outcome {
        String detail = "";
        int running = -1;
        Boolean data;
        Long recover;
        Long failover;

        HaRecord record(String scenario, int run, Shape shape, Fault fault, String failure) {
            return new HaRecord(scenario, run, detail, failure == null, running, data, recover, failover, targetMillis(shape, fault),
                    failure);
        }
    }

    /** The run itself. */
    private record Body(FaultPair p, ZooKeeperNet net, Shape shape, Fault fault, Role victim, int pattern, Outcome out) {

        void run() throws Exception {
            p.pair().start();
            QmpClient primary = p.pair().qmp(Role.PRIMARY);
            long counter = awaitCounter(primary, p.node(Role.PRIMARY).log());
            p.writePattern(pattern);
            p.awaitCheckpoint();   // begins after the counter was read and the pattern written

            List<GuardEvent> events = new CopyOnWriteArrayList<>();
            List<String> trace = new CopyOnWriteArrayList<>();
            long[] faultAt = {System.nanoTime()};
            java.util.function.Consumer<GuardEvent> listener = e -> {
                events.add(e);
                trace.add(String.format("%+6d ms %s", (System.nanoTime() - faultAt[0]) / 1_000_000, brief(e)));
            };
            List<AutoCloseable> open = new ArrayList<>();
            ColoGuard[] guards = new ColoGuard[2];
            try {
                if (shape == Shape.IN_PROCESS) {
                    guards[0] = ColoGuard.builder(p.pair()).options(OPTIONS).onEvent(listener).build().start();
                    guards[1] = guards[0];
                    open.add(guards[0]);
                } else {
                    p.pair().close();   // from here on only the agents talk to the QEMUs, each to its own
                    for (Role role : Role.values()) {
                        ZooKeeperArbiter arbiter = Zk.arbiter(net.connectString(role), "pair");
                        open.add(arbiter);
                        ColoPair local = ColoPair.connect(Zk.localOnly(p.spec(), role));
                        open.add(local);
                        // An agent runs on its node's host: its self-fence may SIGKILL the local QEMU by its pid file.
                        Path pidFile = p.dir().resolve(role.toString().toLowerCase() + "-qemu.pid");
                        Files.writeString(pidFile, Long.toString(p.node(role).pid()));
                        guards[role.ordinal()] = ColoGuard.builder(local).controlling(role).arbiter(arbiter).options(OPTIONS)
                                .selfFence(SelfFence.stopAndQuitOrKill(pidFile)).onEvent(listener).build().start();
                        open.add(guards[role.ordinal()]);
                    }
                }
                FaultPair.sleep(1000);
                List<GuardEvent> early = events.stream().filter(e -> e instanceof GuardEvent.Decided).toList();
                if (!early.isEmpty()) {
                    throw new AssertionError("a guard decided before the fault (a false failover): " + early);
                }

                Instant at = Instant.now();
                faultAt[0] = System.nanoTime();
                inject();
                GuardEvent.FailedOver done;
                try {
                    done = awaitFailover(events, at);
                } finally {
                    if (fault == Fault.FREEZE) {
                        p.thaw(victim);
                    }
                }
                out.recover = Duration.between(at, done.at()).toMillis();
                out.failover = done.report().total().toMillis();
                Role survivor = done.survivor();
                out.detail = "survivor " + survivor + ", " + events.stream().filter(e -> e instanceof GuardEvent.Decided)
                        .map(e -> ((GuardEvent.Decided) e).decision().rule().substring(0, 2)).distinct().toList();

                // Both QEMUs, the fenced one included: the guest must run on exactly one.
                ColoPair survivorPair = guards[survivor.ordinal()].pair();
                boolean survivorRuns = runsGuest(survivorPair, survivor) && survivorPair.nodeStatus(survivor).isRunningAlone();
                boolean otherRuns = settledRunning(guards[survivor.other().ordinal()].pair(), survivor.other());
                out.running = (survivorRuns ? 1 : 0) + (otherRuns ? 1 : 0);
                if (out.running != 1) {
                    throw new AssertionError("the guest runs on " + out.running + " nodes after the failover onto the " + survivor
                            + " (survivor running alone: " + survivorRuns + ", the other running: " + otherRuns + "); events: " + events);
                }

                // The data written before the last checkpoint, read back on the survivor.
                boolean patternBack = p.readsBack(survivorPair, survivor, pattern, 0);
                boolean canFail = !p.readsBack(survivorPair, survivor, pattern ^ 0xff, 0);
                OptionalLong after = CounterGuestAccess.counter(survivorPair.qmp(survivor), p.process(survivorPair.spec().node(survivor)).log(),
                        p.disk());
                out.data = patternBack && canFail && after.isPresent() && after.getAsLong() >= counter;
                if (!out.data) {
                    throw new AssertionError("data lost on the " + survivor + ": pattern 0x" + Integer.toHexString(pattern)
                            + (patternBack ? " read back" : " did NOT read back") + (canFail ? "" : " (nor could the check fail)")
                            + ", counter " + after + " vs " + counter + " before the checkpoint");
                }
            } finally {
                System.out.println("HA fault run: " + shape.label + ", " + fault.label + " of the " + victim + ", events from the fault:\n  "
                        + String.join("\n  ", trace));
                for (int i = open.size() - 1; i >= 0; i--) {
                    try {
                        open.get(i).close();
                    } catch (Exception ignored) {
                        // the harness kills what is left
                    }
                }
            }
        }

        private void inject() {
            switch (fault) {
                case CRASH -> p.kill(victim);
                case FREEZE -> p.freeze(victim);
                case PARTITION -> p.partition();
                case ISOLATE -> {
                    p.partition();
                    if (net != null) {
                        net.isolate(victim);
                    }
                }
            }
        }

        /** Whether {@code role}'s QEMU, found through {@code pair}, is alive and runs its guest. */
        private boolean runsGuest(ColoPair pair, Role role) {
            NetnsNode node = p.process(pair.spec().node(role));
            if (!node.isAlive()) {
                return false;
            }
            StatusInfo s = status(pair, role);
            return s != null && s.running();
        }

        /**
         * Whether the node failed over away from still runs the guest once the guard's fence had its
         * time (15 s: an isolated node's agent learns it lost its session only after the session
         * timeout, then its fence may take a few command deadlines): dead, or alive and not running, is not.
         */
        private boolean settledRunning(ColoPair pair, Role role) {
            NetnsNode node = p.process(pair.spec().node(role));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (node.isAlive() && System.nanoTime() < deadline) {
                FaultPair.sleep(50);
            }
            if (!node.isAlive()) {
                return false;
            }
            StatusInfo s = status(pair, role);
            if (s == null) {
                throw new AssertionError("the " + role + "'s QEMU (" + node + ") is alive but answers no query-status");
            }
            return s.running();
        }

        /** query-status on the pair's connection, else on a fresh one; null if neither answers. */
        private StatusInfo status(ColoPair pair, Role role) {
            try {
                return pair.qmp(role).execute(new QueryStatus());
            } catch (RuntimeException e) {
                QmpEndpoint endpoint = p.process(pair.spec().node(role)).qmp();
                try (QmpClient fresh = QmpClient.connect(endpoint, QmpOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))
                        .withGreetingTimeout(Duration.ofSeconds(2)).withCommandTimeout(Duration.ofSeconds(2)))) {
                    return fresh.execute(new QueryStatus());
                } catch (RuntimeException again) {
                    return null;
                }
            }
        }
    }

    /** An event for the run's trace: its type and the gist. */
    static String brief(GuardEvent e) {
        String s = e.toString();
        if (e instanceof GuardEvent.FailedOver f) {
            return s + "; steps: " + f.report().steps().stream().map(st -> st.step() + " " + st.duration().toMillis() + " ms").toList();
        }
        return s.length() > 220 ? s.substring(0, 217) + "..." : s;
    }

    /** Waits for the guest's first counter write (it writes only once COLO runs) and returns the counter. */
    static long awaitCounter(QmpClient qmp, Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            OptionalLong c = CounterGuestAccess.counter(qmp, log, "colo-disk0");
            if (c.isPresent() && c.getAsLong() > 0) {
                return c.getAsLong();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the counter guest wrote nothing within 40 s of COLO starting");
            }
            FaultPair.sleep(100);
        }
    }

    /** The first {@code FailedOver} after {@code since}, within {@link #RECOVERY_BOUND}. */
    static GuardEvent.FailedOver awaitFailover(List<GuardEvent> events, Instant since) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            for (GuardEvent e : events) {
                if (e instanceof GuardEvent.FailedOver f) {
                    return f;
                }
            }
            FaultPair.sleep(5);
        }
        throw new AssertionError("no guard failed over within " + RECOVERY_BOUND.toSeconds() + " s; events: " + events);
    }
}
