package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules one node must pass on its own, one test per rule, on hand-built (custom) nodes. */
class NodeProxyValidationTest {

    static final GuestNic HN0 = GuestNic.of("hn0", NicModel.RTL8139);

    /** COLO-FT.txt's primary, part by part, so a test can swap one part. */
    static NodeProxy.Builder primary(SocketChardev compare00, ColoCompare compare) {
        return NodeProxy.builder().nic(HN0)
                .chardev(SocketChardev.server("mirror0", "0.0.0.0", 9003))
                .chardev(SocketChardev.server("compare1", "0.0.0.0", 9004))
                .chardev(SocketChardev.server("compare0", "127.0.0.1", 9001))
                .chardev(compare00)
                .chardev(SocketChardev.server("compare_out", "127.0.0.1", 9005))
                .chardev(SocketChardev.client("compare_out0", "127.0.0.1", 9005))
                .object(FilterMirror.of("m0", "hn0", FilterQueue.TX, "mirror0"))
                .object(FilterRedirector.in("redire0", "hn0", FilterQueue.RX, "compare_out"))
                .object(FilterRedirector.out("redire1", "hn0", FilterQueue.RX, "compare0"))
                .object(new IoThread("iothread1"))
                .object(compare);
    }

    static NodeProxy.Builder primary() {
        return primary(SocketChardev.client("compare0-0", "127.0.0.1", 9001),
                ColoCompare.of("comp0", "compare0-0", "compare1", "compare_out0", "iothread1"));
    }

    static NetfilterValidationException failure(NodeProxy.Builder b) {
        NetfilterValidationException e = catchThrowableOfType(NetfilterValidationException.class, b::build);
        assertThat(e).as("build() must fail").isNotNull();
        return e;
    }

    @Test
    void theReferencePrimaryIsValid() {
        NodeProxy node = primary().build();
        assertThat(node.objects(NetFilter.class)).extracting(ProxyObject::id).containsExactly("m0", "redire0", "redire1");
        assertThat(node.warnings()).extracting(Problem::field)
                .containsExactly("chardevs[mirror0].host", "chardevs[compare1].host");
    }

    @Test
    void eachLoopbackPairUsesOnePort() {
        NetfilterValidationException e = failure(primary(SocketChardev.client("compare0-0", "127.0.0.1", 9002),
                ColoCompare.of("comp0", "compare0-0", "compare1", "compare_out0", "iothread1")));
        assertThat(e.fields()).containsExactly("chardevs[compare0-0].port");
        assertThat(e.getMessage()).contains("a loopback pair uses one port");
    }

    @Test
    void theLoopbackServerMustBeTheRedirectorsEnd() {
        // compare_out0 pairs with compare_out, but no redirector reads compare_out
        NodeProxy.Builder b = NodeProxy.builder().nic(HN0)
                .chardev(SocketChardev.server("compare1", "127.0.0.1", 9004))
                .chardev(SocketChardev.server("compare0", "127.0.0.1", 9001))
                .chardev(SocketChardev.client("compare0-0", "127.0.0.1", 9001))
                .chardev(SocketChardev.server("compare_out", "127.0.0.1", 9005))
                .chardev(SocketChardev.client("compare_out0", "127.0.0.1", 9005))
                .object(FilterRedirector.out("redire1", "hn0", FilterQueue.RX, "compare0"))
                .object(new IoThread("iothread1"))
                .object(ColoCompare.of("comp0", "compare0-0", "compare1", "compare_out0", "iothread1"));
        assertThat(failure(b).fields()).containsExactly("chardevs[compare_out]");
    }

    @Test
    void noPortIsListenedOnTwice() {
        NetfilterValidationException e = failure(primary().chardev(SocketChardev.server("extra", "127.0.0.1", 9003)));
        assertThat(e.fields()).containsExactly("chardevs[extra].port");
        assertThat(e.getMessage()).contains("Address already in use");
    }

    @Test
    void portsAreTcpPorts() {
        NetfilterValidationException e = failure(NodeProxy.builder().chardev(SocketChardev.server("a", "127.0.0.1", 0))
                .chardev(SocketChardev.client("b", "127.0.0.1", 65536)));
        assertThat(e.fields()).containsExactly("chardevs[a].port", "chardevs[b].port");
    }

    @Test
    void everyReferenceNamesSomethingOnTheNode() {
        NetfilterValidationException e = failure(NodeProxy.builder().nic(HN0)
                .chardev(SocketChardev.server("s", "127.0.0.1", 9001))
                .object(FilterMirror.of("m0", "hn9", FilterQueue.TX, "s"))
                .object(FilterRedirector.in("r0", "hn0", FilterQueue.RX, "nope"))
                .object(ColoCompare.of("c0", "p-in", "s-in", "out", "io")));
        assertThat(e.fields()).containsExactly("objects[m0].netdev", "objects[r0].indev", "objects[c0].primary_in",
                "objects[c0].secondary_in", "objects[c0].outdev", "objects[c0].iothread");
        assertThat(e.problems().get(0).message()).contains("netdev 'hn9'").contains("[hn0]");
        assertThat(e.problems().get(1).message()).contains("chardev 'nope'").contains("[s]");
    }

    @Test
    void theIothreadMustBeAnIothreadCreatedFirst() {
        NetfilterValidationException e = failure(primary(SocketChardev.client("compare0-0", "127.0.0.1", 9001),
                ColoCompare.of("comp0", "compare0-0", "compare1", "compare_out0", "m0")));
        assertThat(e.fields()).containsExactly("objects[comp0].iothread");
        NodeProxy.Builder late = NodeProxy.builder()
                .chardev(SocketChardev.server("compare0", "127.0.0.1", 9001))
                .object(ColoCompare.of("comp0", "compare0", "compare0", "compare0", "io"))
                .object(new IoThread("io"));
        assertThat(failure(late).getMessage()).contains("iothread io is created after colo-compare comp0");
    }

    @Test
    void indevAndOutdevDiffer() {
        NetfilterValidationException e = failure(NodeProxy.builder().nic(HN0)
                .chardev(SocketChardev.server("s", "127.0.0.1", 9001))
                .object(new FilterRedirector("r0", "hn0", FilterQueue.RX, "s", "s", false, null)));
        assertThat(e.fields()).contains("objects[r0].outdev");
        assertThat(e.getMessage()).contains("could not be same");
        assertThat(failure(NodeProxy.builder().nic(HN0)
                .object(new FilterRedirector("r0", "hn0", FilterQueue.RX, null, null, false, null))).fields())
                .containsExactly("objects[r0].indev");
    }

    @Test
    void aChardevServesOneUser() {
        NetfilterValidationException e = failure(primary().object(FilterMirror.of("m1", "hn0", FilterQueue.RX, "mirror0")));
        assertThat(e.fields()).containsExactly("objects[m1].outdev");
        assertThat(e.getMessage()).contains("Device 'mirror0' is in use");
    }

    @Test
    void queueValuesAreLegal() {
        assertThat(FilterQueue.parse("RX")).isEqualTo(FilterQueue.RX);
        assertThat(FilterQueue.parse(" all ")).isEqualTo(FilterQueue.ALL);
        assertThatThrownBy(() -> FilterQueue.parse("both")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue 'both' is not a legal net filter queue; use one of rx, tx, all");
    }

    @Test
    void vhostAndMultiqueueNetdevsAreRefused() {
        NetfilterValidationException e = failure(NodeProxy.builder()
                .nic(new GuestNic("hn0", NicModel.VIRTIO_NET_PCI, true, 1))
                .nic(new GuestNic("hn1", NicModel.E1000, false, 2)));
        assertThat(e.fields()).containsExactly("nics[hn0].vhost", "nics[hn1].queues");
    }

    @Test
    void virtioNetFiltersNeedVnetHdrSupport() {
        GuestNic virtio = GuestNic.of("hn0", NicModel.VIRTIO_NET_PCI);
        NetfilterValidationException e = failure(NodeProxy.builder().nic(virtio)
                .object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL)));
        assertThat(e.fields()).containsExactly("objects[rew0].vnetHdrSupport");
        NodeProxy ok = NodeProxy.builder().nic(virtio)
                .object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL).withVnetHdrSupport(true)).build();
        assertThat(ok.objects()).hasSize(1);
    }

    @Test
    void coloCompareOfAVirtioNicNeedsVnetHdrSupport() {
        NodeProxy.Builder b = NodeProxy.builder().nic(GuestNic.of("hn0", NicModel.VIRTIO_NET_PCI))
                .chardev(SocketChardev.server("compare1", "127.0.0.1", 9004))
                .chardev(SocketChardev.server("compare0", "127.0.0.1", 9001))
                .chardev(SocketChardev.client("compare0-0", "127.0.0.1", 9001))
                .chardev(SocketChardev.server("compare_out", "127.0.0.1", 9005))
                .chardev(SocketChardev.client("compare_out0", "127.0.0.1", 9005))
                .object(FilterRedirector.in("redire0", "hn0", FilterQueue.RX, "compare_out").withVnetHdrSupport(true))
                .object(FilterRedirector.out("redire1", "hn0", FilterQueue.RX, "compare0").withVnetHdrSupport(true))
                .object(new IoThread("iothread1"))
                .object(ColoCompare.of("comp0", "compare0-0", "compare1", "compare_out0", "iothread1"));
        assertThat(failure(b).fields()).containsExactly("objects[comp0].vnetHdrSupport");
    }

    @Test
    void idsAreIdentifiersAndUnique() {
        NetfilterValidationException e = failure(NodeProxy.builder().nic(GuestNic.of("1hn", NicModel.RTL8139))
                .chardev(SocketChardev.server("a,b", "127.0.0.1", 1))
                .chardev(SocketChardev.server("c", "127.0.0.1", 2))
                .chardev(SocketChardev.server("c", "127.0.0.1", 3))
                .object(new IoThread("io\n"))
                .object(new IoThread("t"))
                .object(new IoThread("t")));
        assertThat(e.fields()).containsExactly("nics[1hn].netdev", "chardevs[a,b].id", "chardevs[c].id",
                "objects[io\n].id", "objects[t].id");
        assertThat(e.problems().get(3).message()).contains("'io\\n'");
    }

    @Test
    void serverAndClientOptionsMatchTheirMode() {
        NetfilterValidationException e = failure(NodeProxy.builder()
                .chardev(SocketChardev.server("s", "127.0.0.1", 1).withReconnect(Duration.ofSeconds(1)))
                .chardev(SocketChardev.client("c", "127.0.0.1", 1).withWaitForClient(true))
                .chardev(SocketChardev.client("d", "127.0.0.1", 1).withReconnect(Duration.ofSeconds(-1)))
                .chardev(SocketChardev.client("e", " ", 1))
                .chardev(SocketChardev.client("f", "127.0.0.1", 1).withTlsCreds("no creds")));
        assertThat(e.fields()).containsExactly("chardevs[s].reconnect", "chardevs[c].waitForClient",
                "chardevs[d].reconnect", "chardevs[e].host", "chardevs[f].tlsCreds");
    }

    @Test
    void placementAnchorsOnAnEarlierFilterOfTheSameNetdev() {
        GuestNic hn1 = GuestNic.of("hn1", NicModel.RTL8139);
        NetfilterValidationException e = failure(NodeProxy.builder().nic(HN0).nic(hn1)
                .object(FilterRewriter.of("rew1", "hn1", FilterQueue.ALL))
                .object(FilterRewriter.of("a", "hn0", FilterQueue.ALL).withPlacement(FilterPlacement.before("rew1")))
                .object(FilterRewriter.of("b", "hn0", FilterQueue.ALL).withPlacement(FilterPlacement.before("rew0")))
                .object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL)));
        assertThat(e.fields()).containsExactly("objects[a].placement", "objects[b].placement");
        assertThat(e.problems().get(1).message()).contains("created after it");
        NodeProxy ok = NodeProxy.builder().nic(HN0).object(FilterRewriter.of("rew0", "hn0", FilterQueue.ALL))
                .object(FilterRewriter.of("b", "hn0", FilterQueue.ALL).withPlacement(FilterPlacement.before("rew0"))).build();
        assertThat(ok.object("b")).isPresent();
    }

    @Test
    void nodesAreValuesWithReadableToString() {
        NodeProxy a = primary().build();
        NodeProxy b = a.toBuilder().build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("compare0-0 client 127.0.0.1:9001",
                "colo-compare comp0 primary_in=compare0-0 secondary_in=compare1 outdev=compare_out0 iothread=iothread1");
        assertThat(SocketChardev.client("x", "::1", 5).address()).isEqualTo("[::1]:5");
    }
}
