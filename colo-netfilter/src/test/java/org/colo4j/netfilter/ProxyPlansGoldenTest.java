package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpErrorResponseException;
import org.junit.jupiter.api.Test;

/**
 * The QMP plans against the JSON lines of QEMU's docs/COLO-FT.txt (shared seed 002), compared after
 * removing the reference's cosmetic whitespace (no value contains a space).
 */
class ProxyPlansGoldenTest {

    static final ProxyPlans QEMU_7_2 = ProxyPlans.forVersion(QemuVersion.of(7, 2, 22));
    static final ColoProxy REFERENCE = ColoProxy.builder().primaryAddress("127.0.0.2").nic(ProxyNic.of("hn0")).build();

    static List<String> compact(String... reference) {
        return List.of(reference).stream().map(s -> s.replaceAll("\\s", "")).toList();
    }

    @Test
    void primaryFailover() {
        assertThat(QEMU_7_2.primaryFailover(REFERENCE.primary()).json()).containsExactlyElementsOf(compact(
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"comp0\" } }",
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"iothread1\" } }",
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"m0\" } }",
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"redire0\" } }",
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"redire1\" } }"));
    }

    @Test
    void secondaryFailover() {
        assertThat(QEMU_7_2.secondaryFailover(REFERENCE.secondary()).json()).containsExactlyElementsOf(compact(
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"f2\" } }",
                "{\"execute\": \"object-del\", \"arguments\":{ \"id\": \"f1\" } }",
                "{\"execute\": \"chardev-remove\", \"arguments\":{ \"id\": \"red1\" } }",
                "{\"execute\": \"chardev-remove\", \"arguments\":{ \"id\": \"red0\" } }"));
    }

    @Test
    void promotionAddsThePrimarysSixChardevs() {
        ColoProxy next = ColoProxy.builder().primaryAddress("127.0.0.2").waitForSecondary(true)
                .nic(ProxyNic.of("hn0")).build();
        assertThat(QEMU_7_2.promoteToPrimary(next.primary()).json()).containsExactlyElementsOf(compact(
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"mirror0\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"0.0.0.0\", \"port\": \"9003\" } }, \"server\": true } } } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare1\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"0.0.0.0\", \"port\": \"9004\" } }, \"server\": true } } } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare0\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"127.0.0.1\", \"port\": \"9001\" } }, \"server\": true } } } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare0-0\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"127.0.0.1\", \"port\": \"9001\" } }, \"server\": false } } } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare_out\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"127.0.0.1\", \"port\": \"9005\" } }, \"server\": true } } } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare_out0\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"127.0.0.1\", \"port\": \"9005\" } }, \"server\": false } } } }"));
    }

    @Test
    void primaryResumeReplication() {
        assertThat(QEMU_7_2.resumeReplication(REFERENCE.primary()).json()).containsExactlyElementsOf(compact(
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-mirror\", \"id\": \"m0\", \"netdev\": \"hn0\", \"queue\": \"tx\", \"outdev\": \"mirror0\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-redirector\", \"id\": \"redire0\", \"netdev\": \"hn0\", \"queue\": \"rx\", \"indev\": \"compare_out\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-redirector\", \"id\": \"redire1\", \"netdev\": \"hn0\", \"queue\": \"rx\", \"outdev\": \"compare0\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"iothread\", \"id\": \"iothread1\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"colo-compare\", \"id\": \"comp0\", \"primary_in\": \"compare0-0\", \"secondary_in\": \"compare1\", \"outdev\": \"compare_out0\", \"iothread\": \"iothread1\" } }"));
    }

    @Test
    void primaryResumeRenewsOnlyTheListenersTheSecondaryConnectsTo() {
        ProxyPlan renew = QEMU_7_2.renewPeerListeners(REFERENCE.primary());
        assertThat(renew.json()).containsExactlyElementsOf(compact(
                "{\"execute\": \"chardev-remove\", \"arguments\":{ \"id\": \"mirror0\" } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"mirror0\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"0.0.0.0\", \"port\": \"9003\" } }, \"server\": true } } } }",
                "{\"execute\": \"chardev-remove\", \"arguments\":{ \"id\": \"compare1\" } }",
                "{\"execute\": \"chardev-add\", \"arguments\":{ \"id\": \"compare1\", \"backend\": {\"type\": \"socket\", \"data\": {\"addr\": { \"type\": \"inet\", \"data\": { \"host\": \"0.0.0.0\", \"port\": \"9004\" } }, \"server\": true } } } }"));
        // a chardev already gone is removed; the add that follows makes it again
        ProxyStep remove = renew.steps().get(0);
        assertThat(remove.isAlreadyDone(new QmpErrorResponseException("GenericError", "Chardev 'mirror0' not found", remove.json()))).isTrue();
        assertThat(renew.steps().get(1).isTeardown()).isFalse();
    }

    @Test
    void secondaryResumeReplicationInsertsBeforeTheRewriter() {
        assertThat(QEMU_7_2.resumeAfterPromotion(REFERENCE.primary(), REFERENCE.secondary()).json())
                .containsExactlyElementsOf(compact(
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-mirror\", \"id\": \"m0\", \"insert\": \"before\", \"position\": \"id=rew0\", \"netdev\": \"hn0\", \"queue\": \"tx\", \"outdev\": \"mirror0\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-redirector\", \"id\": \"redire0\", \"insert\": \"before\", \"position\": \"id=rew0\", \"netdev\": \"hn0\", \"queue\": \"rx\", \"indev\": \"compare_out\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"filter-redirector\", \"id\": \"redire1\", \"insert\": \"before\", \"position\": \"id=rew0\", \"netdev\": \"hn0\", \"queue\": \"rx\", \"outdev\": \"compare0\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"iothread\", \"id\": \"iothread1\" } }",
                "{\"execute\": \"object-add\", \"arguments\":{ \"qom-type\": \"colo-compare\", \"id\": \"comp0\", \"primary_in\": \"compare0-0\", \"secondary_in\": \"compare1\", \"outdev\": \"compare_out0\", \"iothread\": \"iothread1\" } }"));
    }

    @Test
    void qemuBefore6_0GetsNestedProps() {
        ProxyPlans old = ProxyPlans.forVersion(QemuVersion.of(5, 2, 0));
        assertThat(old.resumeReplication(REFERENCE.primary()).json()).containsExactly(
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-mirror\",\"id\":\"m0\",\"props\":{\"netdev\":\"hn0\",\"queue\":\"tx\",\"outdev\":\"mirror0\"}}}",
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-redirector\",\"id\":\"redire0\",\"props\":{\"netdev\":\"hn0\",\"queue\":\"rx\",\"indev\":\"compare_out\"}}}",
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-redirector\",\"id\":\"redire1\",\"props\":{\"netdev\":\"hn0\",\"queue\":\"rx\",\"outdev\":\"compare0\"}}}",
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"iothread\",\"id\":\"iothread1\"}}",
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"colo-compare\",\"id\":\"comp0\",\"props\":{\"primary_in\":\"compare0-0\",\"secondary_in\":\"compare1\",\"outdev\":\"compare_out0\",\"iothread\":\"iothread1\"}}}");
        assertThat(ProxyPlans.forVersion(QemuVersion.of(6, 0, 0)).resumeReplication(REFERENCE.primary()).json().get(0))
                .isEqualTo("{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"filter-mirror\",\"id\":\"m0\",\"netdev\":\"hn0\",\"queue\":\"tx\",\"outdev\":\"mirror0\"}}");
    }

    @Test
    void virtioNetResumeSendsVnetHdrSupportAsABoolean() {
        ColoProxy virtio = ColoProxy.builder().primaryAddress("127.0.0.2")
                .nic(ProxyNic.builder().netdev("hn0").model(NicModel.VIRTIO_NET_PCI).build()).build();
        assertThat(QEMU_7_2.resumeReplication(virtio.primary()).json().get(4)).isEqualTo(
                "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":\"colo-compare\",\"id\":\"comp0\",\"primary_in\":"
                        + "\"compare0-0\",\"secondary_in\":\"compare1\",\"outdev\":\"compare_out0\",\"iothread\":\"iothread1\","
                        + "\"vnet_hdr_support\":true}}");
    }

    @Test
    void promotionOfReconnectingAndTlsChardevsFollowsTheVersion() {
        NodeProxy node = NodeProxy.builder()
                .chardev(SocketChardev.client("c", "10.0.0.1", 9003).withReconnect(Duration.ofSeconds(1)).withTlsCreds("t"))
                .build();
        assertThat(QEMU_7_2.promoteToPrimary(node).json()).containsExactly("{\"execute\":\"chardev-add\",\"arguments\":{"
                + "\"id\":\"c\",\"backend\":{\"type\":\"socket\",\"data\":{\"addr\":{\"type\":\"inet\",\"data\":{\"host\":"
                + "\"10.0.0.1\",\"port\":\"9003\"}},\"server\":false,\"reconnect\":1,\"tls-creds\":\"t\"}}}}");
        assertThat(ProxyPlans.forVersion(QemuVersion.of(9, 2, 0)).promoteToPrimary(node).json().get(0))
                .contains("\"server\":false,\"reconnect-ms\":1000,\"tls-creds\":\"t\"");
    }

    @Test
    void insertBeforeTheRewriterNeedsQemu5AndARewriter() {
        assertThatThrownBy(() -> ProxyPlans.forVersion(QemuVersion.of(4, 2, 0))
                .resumeAfterPromotion(REFERENCE.primary(), REFERENCE.secondary()))
                .isInstanceOf(NetfilterValidationException.class).hasMessageContaining("upgrade QEMU to 5.0");
        assertThatThrownBy(() -> QEMU_7_2.resumeAfterPromotion(REFERENCE.primary(), REFERENCE.primary()))
                .isInstanceOf(NetfilterValidationException.class)
                .hasMessageContaining("no filter-rewriter on netdev hn0 to insert m0 before");
    }

    @Test
    void teardownStepsRecogniseQemusNotFoundMessages() {
        ProxyStep del = QEMU_7_2.primaryFailover(REFERENCE.primary()).steps().get(0);
        ProxyStep remove = QEMU_7_2.secondaryFailover(REFERENCE.secondary()).steps().get(3);
        assertThat(del.isTeardown()).isTrue();
        assertThat(del.isAlreadyDone(new QmpErrorResponseException("GenericError", "object 'comp0' not found", del.json()))).isTrue();
        assertThat(del.isAlreadyDone(new QmpErrorResponseException("GenericError", "object 'm0' not found", del.json()))).isFalse();
        assertThat(del.isAlreadyDone(new QmpErrorResponseException("GenericError", "Device 'x' is in use", del.json()))).isFalse();
        assertThat(remove.isAlreadyDone(new QmpErrorResponseException("GenericError", "Chardev 'red0' not found", remove.json()))).isTrue();
        ProxyStep add = QEMU_7_2.resumeReplication(REFERENCE.primary()).steps().get(0);
        assertThat(add.isTeardown()).isFalse();
        assertThat(add.isAlreadyDone(new QmpErrorResponseException("GenericError", "object 'm0' not found", add.json()))).isFalse();
    }

    @Test
    void plansAreReadable() {
        String text = QEMU_7_2.secondaryFailover(REFERENCE.secondary()).toString();
        assertThat(text).startsWith("secondary failover: remove the secondary's COLO proxy\n  remove filter-redirector f2: "
                + "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"f2\"}}");
        assertThat(QEMU_7_2.toString()).isEqualTo("ProxyPlans[QEMU 7.2.22]");
    }
}
