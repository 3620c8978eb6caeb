package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.colo4j.ColoPairSpec;
import org.colo4j.qmp.command.RunState;
import org.colo4j.testkit.FakeColoPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The OCF agent's actions that need no real QEMU (meta-data, validate-all, monitor, promote,
 * demote, notify, stop of a node it did not start), driven as Pacemaker would against fake QEMUs.
 * {@code start} launches qemu-system: {@code OcfAgentIT} covers it.
 */
class OcfAgentTest {

    static final int OCF_SUCCESS = 0;
    static final int OCF_ERR_GENERIC = 1;
    static final int OCF_ERR_INSTALLED = 5;
    static final int OCF_ERR_CONFIGURED = 6;
    static final int OCF_NOT_RUNNING = 7;
    static final int OCF_RUNNING_PROMOTED = 8;
    static final int OCF_FAILED_PROMOTED = 9;

    @TempDir
    Path dir;

    private OcfAgent agent(Path pair, String node) throws Exception {
        return new OcfAgent(Map.of("OCF_RESKEY_pair", pair.toString(), "OCF_RESKEY_node", node,
                "OCF_RESKEY_colo4j", OcfAgent.testLauncher(dir).toString(), "OCF_RESKEY_state_dir", dir.resolve("state").toString(),
                "OCF_RESOURCE_INSTANCE", "colo:" + node, "OCF_ROOT", dir.resolve("no-ocf-root").toString()));
    }

    @Test
    void metaDataIsAnOcfResourceAgentDocumentWithEveryAction() throws Exception {
        OcfAgent.Result r = agent(dir.resolve("pair.yaml"), "primary").run("meta-data");
        assertThat(r.code()).isEqualTo(OCF_SUCCESS);
        var f = DocumentBuilderFactory.newInstance();
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("resource-agent");
        assertThat(doc.getDocumentElement().getAttribute("name")).isEqualTo("colo4j");
        NodeList actions = doc.getElementsByTagName("action");
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> monitorRoles = new java.util.HashSet<>();
        for (int i = 0; i < actions.getLength(); i++) {
            Element a = (Element) actions.item(i);
            names.add(a.getAttribute("name"));
            if (a.getAttribute("name").equals("monitor")) {
                monitorRoles.add(a.getAttribute("role") + "@" + a.getAttribute("interval"));
            }
        }
        assertThat(names).containsExactlyInAnyOrder("start", "stop", "promote", "demote", "notify", "monitor",
                "validate-all", "meta-data");
        // Pacemaker needs a different interval per role.
        assertThat(monitorRoles).containsExactlyInAnyOrder("Promoted@10s", "Unpromoted@11s");
        NodeList params = doc.getElementsByTagName("parameter");
        assertThat(((Element) params.item(0)).getAttribute("name")).isEqualTo("pair");
        assertThat(((Element) params.item(0)).getAttribute("required")).isEqualTo("1");
    }

    @Test
    void validateAllNamesWhatIsWrong() throws Exception {
        Path pair = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(pair);
        assertThat(agent(pair, "secondary").run("validate-all").code()).isEqualTo(OCF_SUCCESS);
        OcfAgent.Result unknown = agent(pair, "vm-z").run("validate-all");
        assertThat(unknown.code()).isEqualTo(OCF_ERR_CONFIGURED);
        assertThat(unknown.err()).contains("unknown node 'vm-z'");
        assertThat(agent(dir.resolve("missing.yaml"), "primary").run("validate-all").code()).isEqualTo(OCF_ERR_CONFIGURED);
        OcfAgent.Result noCommand = agent(pair, "primary").run("validate-all", "OCF_RESKEY_colo4j", dir.resolve("nope").toString());
        assertThat(noCommand.code()).isEqualTo(OCF_ERR_INSTALLED);
        assertThat(agent(pair, "primary").run("reload-everything").code()).isEqualTo(3);
    }

    @Test
    void monitorPromoteAndNotifyFollowWhatTheQemusReport() throws Exception {
        Path pair = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(pair);
        try (FakeColoPair fakes = FakeColoPair.start(ColoPairSpec.read(pair))) {
            OcfAgent primary = agent(pair, "primary");
            OcfAgent secondary = agent(pair, "secondary");
            // Started, not paired yet: both unpromoted.
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_SUCCESS);
            assertThat(secondary.run("monitor").code()).isEqualTo(OCF_SUCCESS);
            // The secondary cannot be promoted while it waits for the primary's migration.
            assertThat(secondary.run("promote").code()).isEqualTo(OCF_ERR_GENERIC);

            // Promoting the file's primary starts COLO.
            OcfAgent.Result promote = primary.run("promote");
            assertThat(promote.code()).as(promote.err()).isEqualTo(OCF_SUCCESS);
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_RUNNING_PROMOTED);
            assertThat(secondary.run("monitor").code()).isEqualTo(OCF_SUCCESS);
            // A promote of the secondary while the primary lives is refused.
            assertThat(secondary.run("promote").code()).isEqualTo(OCF_ERR_GENERIC);
            assertThat(secondary.run("notify").code()).isEqualTo(OCF_SUCCESS);
            assertThat(CliRun.of("status", "--pair", pair.toString(), "--node", "secondary", "--state").out())
                    .isEqualTo("colo-secondary\n");

            // The primary dies: its monitor reports it stopped, the secondary's promote fails over onto it.
            fakes.primary().kill();
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_NOT_RUNNING);
            assertThat(primary.run("stop").code()).isEqualTo(OCF_SUCCESS);
            OcfAgent.Result failover = secondary.run("promote");
            assertThat(failover.code()).as(failover.err()).isEqualTo(OCF_SUCCESS);
            assertThat(fakes.secondary().status().status()).isEqualTo(RunState.RUNNING);
            assertThat(secondary.run("monitor").code()).isEqualTo(OCF_RUNNING_PROMOTED);
            assertThat(Files.exists(dir.resolve("state").resolve("colo4j-colo_secondary.promoted"))).isTrue();
        }
    }

    @Test
    void notifyOnThePromotedPrimaryFailsOverWhenTheSecondaryIsGone() throws Exception {
        Path pair = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(pair);
        try (FakeColoPair fakes = FakeColoPair.start(ColoPairSpec.read(pair)).startColo()) {
            OcfAgent primary = agent(pair, "primary");
            fakes.secondary().kill();
            OcfAgent.Result notify = primary.run("notify", "OCF_RESKEY_CRM_meta_notify_type", "post",
                    "OCF_RESKEY_CRM_meta_notify_operation", "stop");
            assertThat(notify.code()).as(notify.err()).isEqualTo(OCF_SUCCESS);
            assertThat(notify.err()).contains("failing over onto primary");
            assertThat(CliRun.of("status", "--pair", pair.toString(), "--node", "primary", "--state").out()).isEqualTo("alone\n");
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_RUNNING_PROMOTED);
        }
    }
    @Test
    void aPrimaryWithoutItsPeerRunsAloneOnPromoteAndPausesOnDemote() throws Exception {
        Path pair = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(pair);
        try (FakeColoPair fakes = FakeColoPair.start(ColoPairSpec.read(pair))) {
            OcfAgent primary = agent(pair, "primary");
            fakes.secondary().kill();
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_SUCCESS);
            // Its peer is gone: the primary's guest runs on its own (QMP cont) rather than not at all.
            OcfAgent.Result promote = primary.run("promote");
            assertThat(promote.code()).as(promote.err()).isEqualTo(OCF_SUCCESS);
            assertThat(fakes.primary().status().status()).isEqualTo(RunState.RUNNING);
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_RUNNING_PROMOTED);

            // Demote pauses the guest and keeps QEMU: unpromoted, still running.
            OcfAgent.Result demote = primary.run("demote");
            assertThat(demote.code()).as(demote.err()).isEqualTo(OCF_SUCCESS);
            assertThat(fakes.primary().status().status()).isEqualTo(RunState.PAUSED);
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_SUCCESS);
            assertThat(primary.run("demote").code()).isEqualTo(OCF_SUCCESS);

            // Promoted again, it resumes; paused behind the agent's back while promoted, it has failed.
            assertThat(primary.run("promote").code()).isEqualTo(OCF_SUCCESS);
            assertThat(fakes.primary().status().status()).isEqualTo(RunState.RUNNING);
            assertThat(primary.run("promote").code()).isEqualTo(OCF_SUCCESS);
            assertThat(CliRun.of("qmp", "--pair", pair.toString(), "primary", "stop").code()).isZero();
            assertThat(primary.run("monitor").code()).isEqualTo(OCF_FAILED_PROMOTED);
        }
    }

    @Test
    void theSecondaryIsNeverPromotedAloneBeforeCOLOStarted() throws Exception {
        Path pair = dir.resolve("pair.yaml");
        FakeColoPair.loopbackSpec(dir).write(pair);
        try (FakeColoPair fakes = FakeColoPair.start(ColoPairSpec.read(pair))) {
            fakes.primary().kill();
            OcfAgent.Result promote = agent(pair, "secondary").run("promote");
            assertThat(promote.code()).isEqualTo(OCF_ERR_GENERIC);
            assertThat(promote.err()).contains("has no guest until the primary starts COLO");
            assertThat(fakes.secondary().status().status()).isEqualTo(RunState.INMIGRATE);
        }
    }
}
