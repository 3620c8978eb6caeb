package org.colo4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoNode;
import org.colo4j.ColoPair;
import org.colo4j.ColoPairSpec;
import org.colo4j.Role;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume on the node that was the primary all along removes and adds again the server chardevs the
 * secondary connects to (mirror0, compare1) before the mirror, so that colo-compare is never added on
 * a chardev still connected to a secondary that is gone (QEMU 7.2 segfaulted there: BENCHMARKS.md,
 * "Resync", run 3); the node's own loopback chardevs stay.
 */
class ResumeRenewsListenersFakeTest {

    @TempDir
    Path dir;

    /** The primary's commands of one resume after a failover on {@code survivor}, as "name id" lines. */
    private List<String> resumeCommands(Role survivor) {
        ColoPairSpec spec = FakeColoPair.loopbackSpec(dir);
        try (FakeColoPair fakes = FakeColoPair.start(spec); ColoPair pair = ColoPair.connect(spec)) {
            pair.start();
            FakeColoNode alive = survivor == Role.PRIMARY ? fakes.primary() : fakes.secondary();
            if (survivor == Role.PRIMARY) {
                fakes.secondary().kill();
                pair.failover().onPrimary();
            } else {
                fakes.primary().kill();
                pair.failover().onSecondary();
            }
            List<String> before = alive.chardevs();
            int sent = alive.server().received().size();
            ColoNode node = spec.secondary().toBuilder().name("secondary2").address("127.0.0.3")
                    .qmp(QmpEndpoint.unix(dir.resolve("secondary2.qmp"))).build();
            ColoPairSpec next = spec.afterFailover(survivor, node, spec.disks());
            fakes.startNewSecondary(next);
            try (ColoPair resumed = pair.resumeReplication(next)) {
                assertThat(resumed.status().isReplicating()).as("%s", resumed.status()).isTrue();
            }
            if (survivor == Role.PRIMARY) {
                assertThat(alive.chardevs()).as("the same chardevs after the resume").containsExactlyInAnyOrderElementsOf(before);
            }
            return alive.server().received().subList(sent, alive.server().received().size()).stream()
                    .map(c -> c.name() + " " + c.arguments().path("id").asText(c.arguments().path("job-id").asText()))
                    .toList();
        }
    }

    @Test
    void theFormerPrimaryRenewsMirror0AndCompare1BeforeTheMirror() {
        List<String> sent = resumeCommands(Role.PRIMARY);
        assertThat(sent.stream().filter(s -> s.startsWith("chardev-")).toList()).containsExactly(
                "chardev-remove mirror0", "chardev-add mirror0", "chardev-remove compare1", "chardev-add compare1");
        assertThat(sent.indexOf("chardev-add compare1")).isLessThan(sent.indexOf("drive-mirror resync-colo-disk0"));
        assertThat(sent.indexOf("drive-mirror resync-colo-disk0")).isLessThan(sent.indexOf("object-add comp0"));
    }

    @Test
    void aPromotedSecondaryAddsItsChardevsOnceAndRemovesNone() {
        List<String> sent = resumeCommands(Role.SECONDARY);
        assertThat(sent).noneMatch(s -> s.startsWith("chardev-remove"));
        assertThat(sent).filteredOn(s -> s.startsWith("chardev-add")).containsExactly("chardev-add mirror0",
                "chardev-add compare1", "chardev-add compare0", "chardev-add compare0-0", "chardev-add compare_out",
                "chardev-add compare_out0");
    }
}
