package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pairing rules on custom pairs ({@link ColoProxy#of}): which secondary chardev connects where. */
class ColoProxyPairingTest {

    static final Duration SECOND = Duration.ofSeconds(1);

    static NodeProxy.Builder secondary(SocketChardev red0, SocketChardev red1) {
        return NodeProxy.builder().nic(NodeProxyValidationTest.HN0)
                .chardev(red0).chardev(red1)
                .object(FilterRedirector.in("f1", "hn0", FilterQueue.TX, red0.id()))
                .object(FilterRedirector.out("f2", "hn0", FilterQueue.RX, red1.id()))
                .object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL));
    }

    static SocketChardev red(String id, String host, int port) {
        return SocketChardev.client(id, host, port).withReconnect(SECOND);
    }

    static NetfilterValidationException failure(NodeProxy secondary) {
        NodeProxy primary = NodeProxyValidationTest.primary().build();
        NetfilterValidationException e = catchThrowableOfType(NetfilterValidationException.class,
                () -> ColoProxy.of("10.0.0.1", primary, secondary));
        assertThat(e).as("pairing must fail").isNotNull();
        return e;
    }

    @Test
    void theReferencePairFits() {
        ColoProxy pair = ColoProxy.of("10.0.0.1", NodeProxyValidationTest.primary().build(),
                secondary(red("red0", "10.0.0.1", 9003), red("red1", "10.0.0.1", 9004)).build());
        assertThat(pair.nics()).isEmpty();
        assertThat(pair.warnings()).extracting(Problem::field)
                .containsExactly("primary.chardevs[mirror0].host", "primary.chardevs[compare1].host");
        assertThat(pair).isEqualTo(ColoProxy.of("10.0.0.1", pair.primary(), pair.secondary()));
    }

    @Test
    void red0ConnectsToTheMirrorsPort() {
        NetfilterValidationException e = failure(secondary(red("red0", "10.0.0.1", 9004), red("red1", "10.0.0.1", 9003)).build());
        assertThat(e.fields()).containsExactly("secondary.chardevs[red0].port", "secondary.chardevs[red1].port");
        assertThat(e.problems().get(0).message()).isEqualTo("red0 connects to port 9004 but the primary's mirror0 "
                + "(the filter-mirror's outdev for netdev hn0) listens on 9003; set its port to 9003");
        assertThat(e.problems().get(1).message()).contains("compare1 (colo-compare's secondary_in");
    }

    @Test
    void theSecondaryConnectsToThePrimaryAddress() {
        NetfilterValidationException e = failure(secondary(red("red0", "10.0.0.2", 9003), red("red1", "10.0.0.1", 9004)).build());
        assertThat(e.fields()).containsExactly("secondary.chardevs[red0].host");
        assertThat(e.getMessage()).contains("set its host to 10.0.0.1");
    }

    @Test
    void tlsIsOnBothEndsOrNeither() {
        NetfilterValidationException e = failure(secondary(red("red0", "10.0.0.1", 9003).withTlsCreds("tls0"),
                red("red1", "10.0.0.1", 9004)).build());
        assertThat(e.fields()).containsExactly("secondary.chardevs[red0].tlsCreds");
    }

    @Test
    void everyNicIsCoveredOnBothNodes() {
        NodeProxy secondary = secondary(red("red0", "10.0.0.1", 9003), red("red1", "10.0.0.1", 9004))
                .nic(GuestNic.of("hn1", NicModel.E1000)).build();
        NetfilterValidationException e = failure(secondary);
        assertThat(e.fields()).containsExactly("primary.nics", "secondary.nics[hn1]");
        assertThat(e.problems().get(0).message()).contains("NIC hn1 is on the secondary but not on the primary");
    }

    @Test
    void aPrimaryNicWithoutMirrorIsNotCovered() {
        NodeProxy primary = NodeProxyValidationTest.primary().nic(GuestNic.of("hn1", NicModel.E1000)).build();
        NodeProxy secondary = secondary(red("red0", "10.0.0.1", 9003), red("red1", "10.0.0.1", 9004))
                .nic(GuestNic.of("hn1", NicModel.E1000)).build();
        NetfilterValidationException e = catchThrowableOfType(NetfilterValidationException.class,
                () -> ColoProxy.of("10.0.0.1", primary, secondary));
        assertThat(e.fields()).containsExactly("primary.nics[hn1]", "secondary.nics[hn1]");
        assertThat(e.problems().get(0).message()).contains("COLO cannot compare its traffic");
    }
}
