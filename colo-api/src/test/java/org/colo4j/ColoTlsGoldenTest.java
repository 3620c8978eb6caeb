package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.colo4j.ColoTls.Channel;
import org.colo4j.blockgraph.MirrorSettings;
import org.colo4j.qmp.QmpEndpoint;
import org.colo4j.qmp.command.BlockDeviceInfo;
import org.colo4j.qmp.command.BlockInfo;
import org.junit.jupiter.api.Test;

/**
 * Golden argv and plans of the reference pair with TLS on every channel: each node's two credential
 * objects, and their ids on the proxy chardevs, the NBD server and clients, and the migration (server
 * credentials on the secondary before {@code migrate-incoming}; client credentials and the
 * secondary's address as {@code tls-hostname} on the primary before {@code migrate}); the resume
 * too, on a new secondary and on a promoted one.
 */
class ColoTlsGoldenTest {

    private static final Path DIR = Path.of("/var/lib/colo");
    private static final ColoTls TLS = ColoTls.builder().node("primary", Path.of("/etc/colo/pki-p"))
            .node("secondary", Path.of("/etc/colo/pki-s")).node("secondary2", Path.of("/etc/colo/pki-n")).build();
    private static final ColoPairSpec SPEC = Specs.reference(DIR).tls(TLS).build();

    private static final String X_COLO =
            "{\"execute\":\"migrate-set-capabilities\",\"arguments\":{\"capabilities\":[{\"capability\":\"x-colo\",\"state\":true}]}}";

    @Test
    void eachNodeCreatesItsServerAndClientCredentialsFromItsOwnDirectory() {
        List<String> p = SPEC.primaryArgv();
        int at = p.indexOf("-object");
        assertThat(p.subList(at, at + 4)).containsExactly(
                "-object", "tls-creds-x509,id=colo-tls-server,endpoint=server,dir=/etc/colo/pki-p,verify-peer=on",
                "-object", "tls-creds-x509,id=colo-tls-client,endpoint=client,dir=/etc/colo/pki-p,verify-peer=on");
        assertThat(p.get(at - 1)).as("right after the machine options").isEqualTo("none");
        assertThat(SPEC.secondaryArgv()).containsSubsequence(
                "-object", "tls-creds-x509,id=colo-tls-server,endpoint=server,dir=/etc/colo/pki-s,verify-peer=on",
                "-object", "tls-creds-x509,id=colo-tls-client,endpoint=client,dir=/etc/colo/pki-s,verify-peer=on");
    }

    @Test
    void theCrossHostChardevsUseTheServerCredentialsOnThePrimaryAndTheClientOnesOnTheSecondary() {
        assertThat(SPEC.primaryArgv()).contains(
                "socket,id=mirror0,host=127.0.0.1,port=9003,server=on,wait=off,tls-creds=colo-tls-server",
                "socket,id=compare1,host=127.0.0.1,port=9004,server=on,wait=off,tls-creds=colo-tls-server",
                "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off");
        assertThat(SPEC.secondaryArgv()).contains(
                "socket,id=red0,host=127.0.0.1,port=9003,reconnect=1,tls-creds=colo-tls-client",
                "socket,id=red1,host=127.0.0.1,port=9004,reconnect=1,tls-creds=colo-tls-client");
    }

    @Test
    void secondaryStartSetsServerCredentialsBeforeListeningAndServesNbdOverTls() {
        assertThat(json(SPEC.plan().phase("start: secondary").orElseThrow())).containsExactly(
                X_COLO,
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"colo-tls-server\"}}",
                "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}",
                "{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"inet\",\"data\":"
                        + "{\"host\":\"127.0.0.2\",\"port\":\"9999\"}},\"tls-creds\":\"colo-tls-server\"}}",
                "{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"parent0\","
                        + "\"node-name\":\"<node of parent0>\",\"writable\":true,\"name\":\"parent0\"}}");
    }

    @Test
    void primaryStartConnectsOverTlsAndChecksTheSecondarysAddress() {
        assertThat(json(SPEC.plan().phase("start: primary").orElseThrow())).containsExactly(
                "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"replication\",\"mode\":\"primary\","
                        + "\"node-name\":\"replication0\",\"file\":{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                        + "\"host\":\"127.0.0.2\",\"port\":\"9999\"},\"export\":\"parent0\",\"tls-creds\":\"colo-tls-client\"}}}",
                "{\"execute\":\"x-blockdev-change\",\"arguments\":{\"parent\":\"colo-disk0\",\"node\":\"replication0\"}}",
                X_COLO,
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"colo-tls-client\","
                        + "\"tls-hostname\":\"127.0.0.2\"}}",
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"x-checkpoint-delay\":2000}}",
                "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:127.0.0.2:9998\"}}");
    }

    @Test
    void failoversAreTheSameAsWithoutTls() {
        ColoPairSpec plain = Specs.reference(DIR).build();
        for (String phase : List.of("failover on the secondary (the primary died)", "failover on the primary (the secondary died)")) {
            assertThat(json(SPEC.plan().phase(phase).orElseThrow())).isEqualTo(json(plain.plan().phase(phase).orElseThrow()));
        }
    }

    @Test
    void channelsLeftOutStayPlainText() {
        ColoPairSpec proxyOnly = Specs.reference(DIR).tls(TLS.toBuilder().channels(Channel.PROXY).build()).build();
        assertThat(proxyOnly.plan().toString()).doesNotContain("tls-creds");
        assertThat(proxyOnly.primaryArgv()).anyMatch(a -> a.endsWith("tls-creds=colo-tls-server"));
        ColoPairSpec noProxy = Specs.reference(DIR).tls(TLS.toBuilder().channels(Channel.NBD, Channel.MIGRATION).build()).build();
        assertThat(noProxy.secondaryArgv()).noneMatch(a -> a.contains("tls-creds=")).anyMatch(a -> a.startsWith("tls-creds-x509"));
        assertThat(noProxy.plan().toString()).contains("\"tls-creds\":\"colo-tls-client\"");
    }

    @Test
    void resumeOnANewSecondaryResyncsOverTlsThroughBlockdevMirror() {
        ColoNode fresh = ColoNode.builder().name("secondary2").address("127.0.0.3")
                .qmp(QmpEndpoint.unix(DIR.resolve("secondary2.qmp"))).build();
        ColoPairSpec next = SPEC.afterFailover(Role.PRIMARY, fresh, SPEC.disks());
        assertThat(next.secondaryArgv()).contains(
                "tls-creds-x509,id=colo-tls-server,endpoint=server,dir=/etc/colo/pki-n,verify-peer=on");
        List<String> resync = steps(ColoSequences.resumeResync(next, Role.PRIMARY, Specs.QEMU, Duration.ofMinutes(1), MirrorSettings.defaults()))
                .stream().filter(s -> !s.contains("chardev-")).toList();
        assertThat(resync.get(0)).isEqualTo("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"nbd\","
                + "\"node-name\":\"resync-target0\",\"server\":{\"type\":\"inet\",\"host\":\"127.0.0.3\",\"port\":\"9999\"},"
                + "\"export\":\"parent0\",\"tls-creds\":\"colo-tls-client\"}}");
        assertThat(resync.get(1)).startsWith("{\"execute\":\"blockdev-mirror\"");
        assertThat(resync).noneMatch(s -> s.contains("drive-mirror"));
        assertThat(steps(ColoSequences.resumeReplication(SPEC, next, Role.PRIMARY, Specs.QEMU))).contains(
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"colo-tls-client\","
                        + "\"tls-hostname\":\"127.0.0.3\"}}");
        List<BlockInfo> block = List.of(new BlockInfo("parent0", null, false, false,
                new BlockDeviceInfo("#block123", "qcow2", null, null, null, false, null)));
        assertThat(steps(ColoSequences.secondaryStart(next, Specs.QEMU, block)))
                .contains("{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"colo-tls-server\"}}");
    }

    @Test
    void aPromotedSecondaryListensOverTlsForTheNewSecondary() {
        ColoNode fresh = ColoNode.builder().name("secondary2").address("127.0.0.1")
                .qmp(QmpEndpoint.unix(DIR.resolve("secondary2.qmp"))).build();
        ColoPairSpec next = SPEC.afterFailover(Role.SECONDARY, fresh, SPEC.disks());
        List<String> resync = steps(ColoSequences.resumeResync(next, Role.SECONDARY, Specs.QEMU, Duration.ofMinutes(1), MirrorSettings.defaults()));
        assertThat(resync).filteredOn(s -> s.contains("chardev-add") && s.contains("\"mirror0\""))
                .singleElement().asString().contains("\"server\":true", "\"tls-creds\":\"colo-tls-server\"");
        assertThat(resync).filteredOn(s -> s.contains("chardev-add") && s.contains("\"compare1\""))
                .singleElement().asString().contains("\"tls-creds\":\"colo-tls-server\"");
        assertThat(steps(ColoSequences.resumeReplication(SPEC, next, Role.SECONDARY, Specs.QEMU))).contains(
                "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"tls-creds\":\"colo-tls-client\","
                        + "\"tls-hostname\":\"127.0.0.1\"}}");
        assertThat(next.secondaryArgv()).contains("socket,id=red0,host=127.0.0.2,port=9003,reconnect=1,tls-creds=colo-tls-client");
    }

    private static List<String> json(ColoPlan.Phase phase) {
        return steps(phase.steps());
    }

    private static List<String> steps(List<ColoStep> steps) {
        return steps.stream().map(ColoStep::describe).toList();
    }
}
