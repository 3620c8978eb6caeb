package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the standard layout, reported against the user's fields ({@code nics[1].ports.mirror}, ...). */
class ColoProxyValidationTest {

    static ColoProxy.Builder pair() {
        return ColoProxy.builder().primaryAddress("10.0.0.1");
    }

    static NetfilterValidationException failure(ColoProxy.Builder builder) {
        return catchThrowableOfType(NetfilterValidationException.class, builder::build);
    }

    static Problem only(NetfilterValidationException e) {
        assertThat(e).as("build() must fail").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void aValidPairHasNoErrors() {
        ColoProxy proxy = pair().listenAddress("10.0.0.1").nic(ProxyNic.of("hn0")).build();
        assertThat(proxy.primary().chardevs()).hasSize(6);
        assertThat(proxy.primary().objects()).hasSize(5);
        assertThat(proxy.secondary().chardevs()).hasSize(2);
        assertThat(proxy.secondary().objects()).hasSize(3);
        assertThat(proxy.nics().get(0).ids()).isEqualTo(ProxyIds.reference());
        assertThat(proxy.nics().get(0).ports()).isEqualTo(ProxyPorts.reference());
    }

    @Test
    void portsMustBeIntegersFrom1To65535() {
        Problem p = only(failure(pair().nic(ProxyNic.builder().netdev("hn0").ports(new ProxyPorts(70000, 9004, 9001, 9005)).build())));
        assertThat(p.field()).isEqualTo("nics[0].ports.mirror");
        assertThat(p.message()).contains("70000").contains("1 to 65535");
        assertThat(failure(pair().nic(ProxyNic.builder().netdev("hn0").ports(new ProxyPorts(9003, 9004, 0, 9005)).build()))
                .fields()).containsExactly("nics[0].ports.primaryIn");
    }

    @Test
    void plannedPortsPastTheRangeAreReportedOnTheNic() {
        NetfilterValidationException e = failure(pair().portPlan(PortPlan.of(65530, 5))
                .nic(ProxyNic.of("hn0")).nic(ProxyNic.of("hn1")));
        // NIC 1's block starts at 65535: primary_in (offset 0) still fits, the others do not
        assertThat(e.fields()).containsExactly("nics[1].ports.mirror", "nics[1].ports.secondaryIn",
                "nics[1].ports.compareOut");
    }

    @Test
    void noPortIsUsedTwiceOnTheHost() {
        NetfilterValidationException e = failure(pair().nic(ProxyNic.of("hn0"))
                .nic(ProxyNic.builder().netdev("hn1").ports(new ProxyPorts(7003, 7004, 9005, 7005)).build()));
        Problem p = only(e);
        assertThat(p.field()).isEqualTo("nics[1].ports.primaryIn");
        assertThat(p.message()).contains("port 9005 is already listened on by chardev compare_out");
    }

    @Test
    void overlappingPortPlanIsReported() {
        NetfilterValidationException e = failure(pair().portPlan(PortPlan.of(9001, 3))
                .nic(ProxyNic.of("hn0")).nic(ProxyNic.of("hn1")));
        assertThat(e.fields()).startsWith("portPlan.stride");
        assertThat(e.problems().get(0).message()).contains("at least 5");
    }

    @Test
    void vhostIsRefused() {
        Problem p = only(failure(pair().nic(ProxyNic.builder().netdev("hn0").vhost(true).build())));
        assertThat(p.field()).isEqualTo("nics[0].vhost");
        assertThat(p.message()).contains("Vhost is not supported").contains("vhost=off");
    }

    @Test
    void multiqueueIsRefused() {
        Problem p = only(failure(pair().nic(ProxyNic.builder().netdev("hn0").queues(4).build())));
        assertThat(p.field()).isEqualTo("nics[0].queues");
        assertThat(p.message()).contains("4 queues").contains("queues=1");
    }

    @Test
    void idsMustBeQemuIdentifiersAndUnique() {
        ProxyIds bad = new ProxyIds("9mirror", "compare1", "compare0", "compare0-0", "compare_out", "compare_out0",
                "m0", "redire0", "redire1", "iothread1", "comp 0", "red0", "red1", "f1", "f2", "rew0");
        NetfilterValidationException e = failure(pair().nic(ProxyNic.builder().netdev("hn0").ids(bad).build()));
        assertThat(e.fields()).contains("nics[0].ids.mirrorOut", "nics[0].ids.compare");
        assertThat(e.problems().get(0).message()).contains("not a QEMU identifier");

        NetfilterValidationException dup = failure(pair().nic(ProxyNic.of("hn0"))
                .nic(ProxyNic.builder().netdev("hn1").ids(ProxyIds.reference()).ports(new ProxyPorts(7003, 7004, 7001, 7005)).build()));
        assertThat(dup.fields()).contains("nics[1].ids.mirrorOut", "nics[1].ids.mirror", "nics[1].ids.rewriter");
        assertThat(dup.problems().get(0).message()).contains("used twice");
    }

    @Test
    void everyNicIsListedOnce() {
        NetfilterValidationException e = failure(pair().nic(ProxyNic.of("hn0")).nic(ProxyNic.of("hn0")));
        assertThat(e.fields()).startsWith("nics[1].netdev");
    }

    @Test
    void primaryAddressAndNicsAreRequired() {
        NetfilterValidationException e = failure(ColoProxy.builder());
        assertThat(e.fields()).containsExactly("primaryAddress", "nics");
        assertThat(failure(ColoProxy.builder().primaryAddress("0.0.0.0").nic(ProxyNic.of("hn0"))).fields())
                .containsExactly("primaryAddress");
        assertThatThrownBy(() -> ProxyNic.builder().build()).isInstanceOf(NetfilterValidationException.class)
                .hasMessageContaining("netdev(\"hn0\")");
    }

    @Test
    void theListenAddressMustBeReachableAtThePrimaryAddress() {
        NetfilterValidationException e = failure(pair().listenAddress("127.0.0.1").nic(ProxyNic.of("hn0")));
        assertThat(e.fields()).containsExactly("listenAddress");
        assertThat(e.problems().get(0).message()).contains("mirror0 listens on 127.0.0.1").contains("10.0.0.1");
    }

    @Test
    void reconnectMustBePositive() {
        Problem p = only(failure(pair().nic(ProxyNic.of("hn0")).reconnect(Duration.ZERO)));
        assertThat(p.field()).isEqualTo("reconnect");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        NetfilterValidationException e = failure(ColoProxy.builder()
                .nic(ProxyNic.builder().netdev("hn0").vhost(true).queues(2).ports(new ProxyPorts(0, 9004, 9001, 9005)).build())
                .nic(ProxyNic.builder().netdev("hn 1").build()));
        assertThat(e.fields()).containsExactlyInAnyOrder("primaryAddress", "nics[0].vhost", "nics[0].queues",
                "nics[0].ports.mirror", "nics[1].netdev");
        assertThat(e.getMessage()).startsWith("5 problems in the COLO proxy:\n  ");
    }

    @Test
    void listeningOnEveryInterfaceWithoutTlsIsAWarning() {
        ColoProxy proxy = pair().nic(ProxyNic.of("hn0")).build();
        assertThat(proxy.warnings()).hasSize(2).allSatisfy(w -> {
            assertThat(w.severity()).isEqualTo(Severity.WARNING);
            assertThat(w.field()).isEqualTo("listenAddress");
            assertThat(w.message()).contains("0.0.0.0").contains("without TLS");
        });
        assertThat(pair().listenAddress("10.0.0.1").nic(ProxyNic.of("hn0")).build().warnings())
                .extracting(Problem::message).allMatch(m -> m.contains("10.0.0.1:900") && m.contains("without TLS"));
        assertThat(pair().nic(ProxyNic.of("hn0")).tls("s", "c").build().warnings()).isEmpty();
        assertThat(ColoProxy.builder().primaryAddress("127.0.0.1").listenAddress("127.0.0.1")
                .nic(ProxyNic.of("hn0")).build().warnings()).isEmpty();
    }

    @Test
    void noReconnectIsAWarning() {
        List<Problem> warnings = pair().listenAddress("10.0.0.1").tls("s", "c").reconnect(null)
                .nic(ProxyNic.of("hn0")).build().warnings();
        assertThat(warnings).extracting(Problem::field).containsExactly("reconnect", "reconnect");
        assertThat(warnings.get(0).message()).startsWith("red0 does not reconnect");
        assertThat(warnings.get(1).message()).startsWith("red1 does not reconnect");
    }

    @Test
    void toStringIsReadable() {
        String text = pair().nic(ProxyNic.of("hn0")).build().toString();
        assertThat(text).contains("primaryAddress=10.0.0.1", "hn0 (rtl8139)", "mirror0 server 0.0.0.0:9003",
                "filter-mirror m0 hn0/tx -> mirror0", "red0 client 10.0.0.1:9003 reconnect 1000ms");
    }
}
