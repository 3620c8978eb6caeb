package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.colo4j.qmp.QmpClient;
import org.colo4j.qmp.command.ObjectPropertyInfo;
import org.colo4j.qmp.command.QomGet;
import org.colo4j.qmp.command.QomList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts two real QEMUs with the rendered argv ({@code -netdev user}, no guest) on 127.0.0.1 and
 * checks with qom-list/qom-get that every proxy object and chardev exists with its properties, that
 * the secondary connected, and that the failover/promotion/resume plans work against QEMU.
 */
class ColoProxyLiveIT {

    static final Duration CONNECT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<LiveQemu> started = new ArrayList<>();

    @BeforeEach
    void qemu() {
        LiveQemu.requireQemu();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (LiveQemu q : started) {
            q.close();
        }
    }

    static ColoProxy.Builder pairOnLoopback() throws IOException {
        return ColoProxy.builder().primaryAddress("127.0.0.1").listenAddress("127.0.0.1")
                .nic(ProxyNic.builder().netdev("hn0").ports(freePorts()).build())
                .nic(ProxyNic.builder().netdev("hn1").model(NicModel.VIRTIO_NET_PCI).ports(freePorts()).build());
    }

    static ProxyPorts freePorts() throws IOException {
        return new ProxyPorts(LiveQemu.freePort(), LiveQemu.freePort(), LiveQemu.freePort(), LiveQemu.freePort());
    }

    LiveQemu start(String name, ColoProxy proxy, NodeProxy node, String... extra) throws IOException {
        List<String> argv = new ArrayList<>(ProxyArgvRenderer.forVersion(LiveQemu.version()).render(node));
        argv.addAll(List.of(extra));
        LiveQemu q = LiveQemu.start(dir, name, proxy.nics(), argv);
        started.add(q);
        return q;
    }

    @Test
    void everyObjectExistsWithItsPropertiesAndTheSecondaryConnects() throws Exception {
        ColoProxy proxy = pairOnLoopback().build();
        // wait=off (the default): the primary answers QMP before any secondary exists
        LiveQemu primary = start("primary", proxy, proxy.primary());
        QmpClient p = primary.qmp();
        assertThat(connected(p, "compare1")).isFalse();

        LiveQemu secondary = start("secondary", proxy, proxy.secondary(), "-incoming", "defer");
        QmpClient s = secondary.qmp();

        assertNodeMatches(p, proxy.primary());
        assertNodeMatches(s, proxy.secondary());
        for (ProxyNic nic : proxy.nics()) {
            String compare1 = nic.ids().secondaryIn();
            String mirror0 = nic.ids().mirrorOut();
            LiveQemu.await("the secondary to connect to " + compare1 + " and " + mirror0, CONNECT,
                    () -> connected(p, compare1) && connected(p, mirror0));
            assertThat(connected(s, nic.ids().mirrorIn())).isTrue();
            assertThat(connected(s, nic.ids().secondaryOut())).isTrue();
            assertThat(connected(p, nic.ids().primaryInClient())).as("loopback pair").isTrue();
            assertThat(connected(p, nic.ids().compareOutClient())).as("loopback pair").isTrue();
        }
        assertThat(primary.isAlive() && secondary.isAlive()).isTrue();
    }

    @Test
    void aWaitingPrimaryStartsOnceTheSecondaryIsUp() throws Exception {
        ColoProxy proxy = pairOnLoopback().waitForSecondary(true).build();
        assertThat(ProxyArgvRenderer.forVersion(LiveQemu.version()).render(proxy.primary()))
                .anyMatch(a -> a.startsWith("socket,id=compare1,") && a.endsWith(",server=on,wait=on"));
        LiveQemu secondary = start("secondary", proxy, proxy.secondary(), "-incoming", "defer");
        secondary.qmp();
        LiveQemu primary = start("primary", proxy, proxy.primary());
        QmpClient p = primary.qmp(); // only answers once red1 connected
        assertThat(connected(p, "compare1")).isTrue();
        assertThat(connected(p, "nic1-compare1")).isTrue();
    }

    @Test
    void failoverPromotionAndResumeRunOnRealQemu() throws Exception {
        ColoProxy proxy = pairOnLoopback().build();
        LiveQemu primary = start("primary", proxy, proxy.primary());
        LiveQemu secondary = start("secondary", proxy, proxy.secondary(), "-incoming", "defer");
        QmpClient p = primary.qmp();
        QmpClient s = secondary.qmp();
        ProxyPlans plans = ProxyPlans.forClient(p);
        LiveQemu.await("red1 to connect", CONNECT, () -> connected(p, "compare1"));

        // primary failover, twice: the second run finds everything gone
        ProxyPlanResult first = plans.primaryFailover(proxy.primary()).run(p);
        assertThat(first.executed()).hasSize(10);
        assertThat(children(p, "/objects").keySet()).doesNotContainAnyElementsOf(ids(proxy.primary().objects()));
        ProxyPlanResult again = plans.primaryFailover(proxy.primary()).run(p);
        assertThat(again.executed()).isEmpty();
        assertThat(again.alreadyDone()).hasSize(10);

        // primary resume: the proxy comes back on the chardevs that stayed
        plans.resumeReplication(proxy.primary()).run(p);
        assertNodeMatches(p, proxy.primary());

        // secondary failover, twice
        ProxyPlans sPlans = ProxyPlans.forClient(s);
        assertThat(sPlans.secondaryFailover(proxy.secondary()).run(s).executed()).extracting(ProxyStep::target)
                .containsExactly("nic1-f2", "nic1-f1", "f2", "f1", "nic1-red1", "nic1-red0", "red1", "red0");
        assertThat(sPlans.secondaryFailover(proxy.secondary()).run(s).alreadyDone()).hasSize(8);
        assertThat(children(s, "/objects")).containsKeys("rew0", "nic1-rew0").doesNotContainKeys("f1", "f2");
        assertThat(children(s, "/chardevs")).doesNotContainKeys("red0", "red1");

        // promotion and resume on the old secondary, before its rewriters
        ColoProxy next = pairOnLoopback().build();
        sPlans.promoteToPrimary(next.primary()).run(s);
        sPlans.resumeAfterPromotion(next.primary(), proxy.secondary()).run(s);
        assertNodeMatches(s, next.primary());
        assertThat(s.execute(new QomGet("/objects/m0", "insert")).asText()).isEqualTo("before");
        assertThat(s.execute(new QomGet("/objects/m0", "position")).asText()).isEqualTo("id=rew0");
        assertThat(s.execute(new QomGet("/objects/nic1-redire1", "position")).asText()).isEqualTo("id=nic1-rew0");
    }

    /** Every chardev and object of {@code node} exists in QEMU with the type and properties colo4j rendered. */
    static void assertNodeMatches(QmpClient qmp, NodeProxy node) {
        Map<String, String> chardevs = children(qmp, "/chardevs");
        for (SocketChardev c : node.chardevs()) {
            assertThat(chardevs).containsEntry(c.id(), "child<chardev-socket>");
            JsonNode addr = qmp.execute(new QomGet("/chardevs/" + c.id(), "addr"));
            assertThat(addr.path("host").asText()).as(c.id() + " host").isEqualTo(c.host());
            assertThat(addr.path("port").asText()).as(c.id() + " port").isEqualTo(Integer.toString(c.port()));
        }
        Map<String, String> objects = children(qmp, "/objects");
        for (ProxyObject o : node.objects()) {
            assertThat(objects).containsEntry(o.id(), "child<" + o.qomType() + ">");
            for (Map.Entry<String, Object> prop : o.properties().entrySet()) {
                JsonNode actual = qmp.execute(new QomGet("/objects/" + o.id(), prop.getKey()));
                Object expected = prop.getValue();
                String what = o.id() + "." + prop.getKey();
                if (expected instanceof Boolean b) {
                    assertThat(actual.asBoolean()).as(what).isEqualTo(b);
                } else if (prop.getKey().equals("iothread")) {
                    assertThat(actual.asText()).as(what).isEqualTo("/objects/" + expected);
                } else {
                    assertThat(actual.asText()).as(what).isEqualTo(expected);
                }
            }
        }
    }

    static Map<String, String> children(QmpClient qmp, String path) {
        return qmp.execute(new QomList(path)).stream()
                .collect(Collectors.toMap(ObjectPropertyInfo::name, ObjectPropertyInfo::type));
    }

    static boolean connected(QmpClient qmp, String chardev) {
        return qmp.execute(new QomGet("/chardevs/" + chardev, "connected")).asBoolean();
    }

    static List<String> ids(List<ProxyObject> objects) {
        return objects.stream().map(ProxyObject::id).toList();
    }
}
