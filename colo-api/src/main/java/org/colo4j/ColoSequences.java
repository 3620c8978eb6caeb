package org.colo4j;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.blockgraph.BlockPlan;
import org.colo4j.blockgraph.BlockPlans;
import org.colo4j.blockgraph.LiveBlockGraph;
import org.colo4j.blockgraph.MirrorMethod;
import org.colo4j.blockgraph.MirrorSettings;
import org.colo4j.blockgraph.PlanStep;
import org.colo4j.blockgraph.PrimaryDisk;
import org.colo4j.netfilter.ProxyPlan;
import org.colo4j.netfilter.ProxyPlans;
import org.colo4j.netfilter.ProxyStep;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.BlockInfo;
import org.colo4j.qmp.command.BlockdevDel;
import org.colo4j.qmp.command.ChardevRemove;
import org.colo4j.qmp.command.Migrate;
import org.colo4j.qmp.command.MigrateIncoming;
import org.colo4j.qmp.command.MigrateSetParameters;
import org.colo4j.qmp.command.NbdServerStop;
import org.colo4j.qmp.command.ObjectDel;
import org.colo4j.qmp.command.XBlockdevChange;
import org.colo4j.qmp.command.XColoLostHeartbeat;

/**
 * COLO-FT.txt's sequences for a spec, as {@link ColoStep}s: the single source of both the dry-run
 * plan and what {@link ColoPair} runs. Live values (QEMU's node names, the quorum's child names) come
 * from the caller; the dry run passes labelled placeholders.
 */
final class ColoSequences {

    /** QEMU's answer to x-colo-lost-heartbeat once COLO has already stopped on that node. */
    static final String COLO_NOT_ENABLED = "The feature 'colo' is not enabled";

    private ColoSequences() {}

    static ColoPlan dryRun(ColoPairSpec spec) {
        List<BlockInfo> placeholders = new ArrayList<>();
        spec.replication().secondaryDisks().forEach(d -> placeholders.add(new BlockInfo(d.parentId(), null, false, false,
                new BlockDeviceInfo("<node of " + d.parentId() + ">", "qcow2", null, null, null, false, null))));
        return new ColoPlan(List.of(
                new ColoPlan.Phase("start: secondary", secondaryStart(spec, spec.qemuVersion(Role.SECONDARY), placeholders)),
                new ColoPlan.Phase("start: primary", primaryStart(spec)),
                new ColoPlan.Phase("failover on the secondary (the primary died)", secondaryFailover(spec, spec.qemuVersion(Role.SECONDARY))),
                new ColoPlan.Phase("failover on the primary (the secondary died)",
                        primaryFailover(spec, spec.qemuVersion(Role.PRIMARY), null))));
    }

    /** x-colo, TLS for the incoming migration if on, incoming migration, NBD server and one export per disk. */
    static List<ColoStep> secondaryStart(ColoPairSpec spec, QemuVersion version, List<BlockInfo> queryBlock) {
        List<ColoStep> steps = new ArrayList<>();
        steps.add(ColoStep.execute(Role.SECONDARY, "enable x-colo before the incoming migration (required since QEMU 8)",
                ColoDialect.forVersion(version).enableColo()));
        if (spec.tls() != null && spec.tls().coversMigration()) {
            steps.add(ColoStep.execute(Role.SECONDARY, "TLS on the incoming migration: server credentials, set before"
                    + " migrate-incoming", MigrateSetParameters.tls(ColoTls.SERVER_CREDS_ID, null)));
        }
        steps.add(ColoStep.execute(Role.SECONDARY, "listen for the primary's migration on " + spec.secondary().incomingUri(),
                new MigrateIncoming(spec.secondary().incomingUri())));
        addBlock(steps, Role.SECONDARY, BlockPlans.secondaryNbdExport(spec.replication(), version, queryBlock));
        return steps;
    }

    /** Replication children over NBD, x-colo, checkpoint delay, migrate. */
    static List<ColoStep> primaryStart(ColoPairSpec spec) {
        List<ColoStep> steps = new ArrayList<>();
        addBlock(steps, Role.PRIMARY, BlockPlans.primaryReplicationChildAdd(spec.replication()));
        steps.addAll(coloMigration(spec));
        return steps;
    }

    /** x-colo, TLS if on, the checkpoint delay, and the migration that starts COLO. */
    static List<ColoStep> coloMigration(ColoPairSpec spec) {
        List<ColoStep> steps = new ArrayList<>();
        steps.add(ColoStep.execute(Role.PRIMARY, "enable x-colo", ColoDialect.forVersion(spec.qemuVersion(Role.PRIMARY)).enableColo()));
        if (spec.tls() != null && spec.tls().coversMigration()) {
            String peer = spec.secondary().address();
            steps.add(ColoStep.execute(Role.PRIMARY, "TLS on the migration: client credentials; the secondary's"
                    + " certificate must name " + peer, MigrateSetParameters.tls(ColoTls.CLIENT_CREDS_ID, peer)));
        }
        steps.add(ColoStep.execute(Role.PRIMARY, "checkpoint every " + spec.checkpointDelay().toMillis() + " ms",
                MigrateSetParameters.checkpointDelay(spec.checkpointDelay())));
        steps.add(ColoStep.execute(Role.PRIMARY, "start COLO: migrate to " + spec.secondary().migrationUri(),
                new Migrate(spec.secondary().migrationUri())));
        return steps;
    }

    /** The primary died: stop NBD, take over, remove the secondary's redirectors and their chardevs. */
    static List<ColoStep> secondaryFailover(ColoPairSpec spec, QemuVersion version) {
        List<ColoStep> steps = new ArrayList<>();
        steps.add(ColoStep.teardown(Role.SECONDARY, "stop the NBD server", new NbdServerStop(), "NBD server not running"));
        steps.add(ColoStep.teardown(Role.SECONDARY, "take over: leave COLO", new XColoLostHeartbeat(), COLO_NOT_ENABLED));
        addProxy(steps, Role.SECONDARY, ProxyPlans.forVersion(version).secondaryFailover(spec.proxy().secondary()));
        return steps;
    }

    /**
     * The secondary died: detach and delete the replication children, remove the proxy, leave COLO.
     *
     * @param live the primary's block graph read just before, or null for the dry run (then the
     *     child is shown as COLO-FT.txt names it, {@code children.1})
     */
    /** The primary's replication children, detached and deleted (what a failed start leaves behind). */
    static List<ColoStep> replicationChildrenTeardown(ColoPairSpec spec, LiveBlockGraph live) {
        List<ColoStep> steps = new ArrayList<>();
        addBlock(steps, Role.PRIMARY, BlockPlans.primaryFailoverTeardown(spec.replication(), live));
        return steps;
    }

    static List<ColoStep> primaryFailover(ColoPairSpec spec, QemuVersion version, LiveBlockGraph live) {
        List<ColoStep> steps = new ArrayList<>();
        if (live != null) {
            addBlock(steps, Role.PRIMARY, BlockPlans.primaryFailoverTeardown(spec.replication(), live));
        } else {
            for (PrimaryDisk d : spec.replication().primaryDisks()) {
                steps.add(ColoStep.teardown(Role.PRIMARY, "detach " + d.replicationNodeName()
                                + " from " + d.quorumId() + " (child name read from the live graph)",
                        XBlockdevChange.removeChild(d.quorumId(), "children.1"), null));
                steps.add(ColoStep.teardown(Role.PRIMARY, "delete " + d.replicationNodeName(),
                        new BlockdevDel(d.replicationNodeName()), null));
            }
        }
        addProxy(steps, Role.PRIMARY, ProxyPlans.forVersion(version).primaryFailover(spec.proxy().primary()));
        steps.add(ColoStep.teardown(Role.PRIMARY, "continue alone: leave COLO", new XColoLostHeartbeat(), COLO_NOT_ENABLED));
        return steps;
    }

    /**
     * On the survivor, after the new secondary's start steps: chardevs for a promoted secondary, or
     * renewed listeners for the secondary's chardevs on a primary that was one all along; then the
     * resync (mirror to the new exports, ready, stop, cancel).
     */
    static List<ColoStep> resumeResync(ColoPairSpec next, Role survivor, QemuVersion version, java.time.Duration readyTimeout,
                                       MirrorSettings mirror) {
        List<ColoStep> steps = new ArrayList<>();
        if (survivor == Role.SECONDARY) {
            addProxy(steps, Role.PRIMARY, ProxyPlans.forVersion(version).promoteToPrimary(next.proxy().primary()));
        } else {
            // A secondary that connected after the failover and died leaves its connection stale (QEMU
            // reads no chardev without a frontend): colo-compare on it crashed QEMU 7.2 (ProxyPlans).
            addProxy(steps, Role.PRIMARY, ProxyPlans.forVersion(version).renewPeerListeners(next.proxy().primary()));
        }
        // drive-mirror's nbd:// target cannot carry tls-creds: with TLS the mirror targets are blockdev nodes.
        MirrorMethod method = next.tls() != null && next.tls().coversNbd() ? MirrorMethod.BLOCKDEV_MIRROR : MirrorMethod.DRIVE_MIRROR;
        addBlock(steps, Role.PRIMARY, BlockPlans.resync(next.replication(), method, readyTimeout, mirror));
        return steps;
    }

    /**
     * On the survivor after the resync: replication children, the primary's proxy objects (inserted
     * before the rewriter when the survivor was a secondary), x-colo, checkpoint delay, migrate.
     */
    static List<ColoStep> resumeReplication(ColoPairSpec previous, ColoPairSpec next, Role survivor, QemuVersion version) {
        List<ColoStep> steps = new ArrayList<>();
        addBlock(steps, Role.PRIMARY, BlockPlans.primaryReplicationChildAdd(next.replication()));
        ProxyPlans proxy = ProxyPlans.forVersion(version);
        addProxy(steps, Role.PRIMARY, survivor == Role.SECONDARY
                ? proxy.resumeAfterPromotion(next.proxy().primary(), previous.proxy().secondary())
                : proxy.resumeReplication(next.proxy().primary()));
        steps.addAll(coloMigration(next));
        return steps;
    }

    private static void addBlock(List<ColoStep> steps, Role role, BlockPlan plan) {
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Execute x) {
                steps.add(ColoStep.execute(role, plan.name(), x.command()));
            } else if (step instanceof PlanStep.AwaitEvent a) {
                steps.add(ColoStep.await(role, plan.name(), a.event(), a.device(), a.timeout()));
            }
        }
    }

    private static void addProxy(List<ColoStep> steps, Role role, ProxyPlan plan) {
        for (ProxyStep step : plan.steps()) {
            String done = null;
            if (step.isTeardown()) {
                done = step.command() instanceof ObjectDel ? "object '" + step.target() + "' not found"
                        : step.command() instanceof ChardevRemove ? "Chardev '" + step.target() + "' not found" : null;
            }
            steps.add(new ColoStep(role, step.purpose(), step.command(), null, null, null, done));
        }
    }
}
