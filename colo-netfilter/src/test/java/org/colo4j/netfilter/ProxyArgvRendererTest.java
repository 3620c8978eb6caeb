package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

class ProxyArgvRendererTest {

    static final ProxyArgvRenderer QEMU_7_2 = ProxyArgvRenderer.forVersion(QemuVersion.of(7, 2, 22));

    @Test
    void reconnectIsSecondsBefore9_2AndMillisecondsSince() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("10.0.0.1").nic(ProxyNic.of("hn0"))
                .reconnect(Duration.ofSeconds(2)).build();
        assertThat(ProxyArgvRenderer.forVersion(QemuVersion.of(9, 1, 0)).render(proxy.secondary()))
                .contains("socket,id=red0,host=10.0.0.1,port=9003,reconnect=2");
        assertThat(ProxyArgvRenderer.forVersion(QemuVersion.of(9, 2, 0)).render(proxy.secondary()))
                .contains("socket,id=red0,host=10.0.0.1,port=9003,reconnect-ms=2000");
    }

    @Test
    void subSecondReconnectNeedsQemu9_2() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("10.0.0.1").nic(ProxyNic.of("hn0"))
                .reconnect(Duration.ofMillis(250)).build();
        assertThat(ProxyArgvRenderer.forVersion(QemuVersion.of(10, 0, 0)).render(proxy.secondary()))
                .contains("socket,id=red1,host=10.0.0.1,port=9004,reconnect-ms=250");
        assertThatThrownBy(() -> QEMU_7_2.render(proxy.secondary()))
                .isInstanceOf(NetfilterValidationException.class)
                .hasMessageContaining("chardevs[red0].reconnect")
                .hasMessageContaining("whole seconds");
    }

    @Test
    void virtioNetGetsVnetHdrSupportOnEveryFilterAndOnColoCompare() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("10.0.0.1")
                .nic(ProxyNic.builder().netdev("hn0").model(NicModel.VIRTIO_NET_PCI).build()).build();
        List<String> objects = objectOptions(QEMU_7_2.render(proxy.primary()));
        assertThat(objects).containsExactly(
                "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0,vnet_hdr_support=on",
                "filter-redirector,id=redire0,netdev=hn0,queue=rx,indev=compare_out,vnet_hdr_support=on",
                "filter-redirector,id=redire1,netdev=hn0,queue=rx,outdev=compare0,vnet_hdr_support=on",
                "iothread,id=iothread1",
                "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,"
                        + "iothread=iothread1,vnet_hdr_support=on");
        assertThat(objectOptions(QEMU_7_2.render(proxy.secondary()))).containsExactly(
                "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0,vnet_hdr_support=on",
                "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1,vnet_hdr_support=on",
                "filter-rewriter,id=rew0,netdev=hn0,queue=all,vnet_hdr_support=on");
    }

    @Test
    void secondNicGetsPrefixedIdsAndTheNextPortBlock() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("10.0.0.1")
                .nic(ProxyNic.of("hn0")).nic(ProxyNic.builder().netdev("hn1").model(NicModel.E1000).build()).build();
        List<String> primary = QEMU_7_2.render(proxy.primary());
        assertThat(primary).contains(
                "socket,id=nic1-mirror0,host=0.0.0.0,port=9013,server=on,wait=off",
                "socket,id=nic1-compare1,host=0.0.0.0,port=9014,server=on,wait=off",
                "socket,id=nic1-compare0,host=127.0.0.1,port=9011,server=on,wait=off",
                "socket,id=nic1-compare0-0,host=127.0.0.1,port=9011",
                "socket,id=nic1-compare_out,host=127.0.0.1,port=9015,server=on,wait=off",
                "socket,id=nic1-compare_out0,host=127.0.0.1,port=9015",
                "filter-mirror,id=nic1-m0,netdev=hn1,queue=tx,outdev=nic1-mirror0",
                "colo-compare,id=nic1-comp0,primary_in=nic1-compare0-0,secondary_in=nic1-compare1,"
                        + "outdev=nic1-compare_out0,iothread=nic1-iothread1");
        assertThat(primary.indexOf("-object")).as("all chardevs come before the objects").isEqualTo(24);
        assertThat(QEMU_7_2.render(proxy.secondary())).contains(
                "socket,id=nic1-red0,host=10.0.0.1,port=9013,reconnect=1",
                "filter-rewriter,id=nic1-rew0,netdev=hn1,queue=all");
        assertThat(proxy.nics().get(1).ports()).isEqualTo(new ProxyPorts(9013, 9014, 9011, 9015));
    }

    @Test
    void tlsCredsGoOnTheCrossHostChardevsOnly() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("10.0.0.1").nic(ProxyNic.of("hn0"))
                .tls("tls-srv", "tls-cli").build();
        List<String> primary = QEMU_7_2.render(proxy.primary());
        assertThat(primary).contains("socket,id=mirror0,host=0.0.0.0,port=9003,server=on,wait=off,tls-creds=tls-srv",
                "socket,id=compare1,host=0.0.0.0,port=9004,server=on,wait=off,tls-creds=tls-srv",
                "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off");
        assertThat(QEMU_7_2.render(proxy.secondary())).contains(
                "socket,id=red0,host=10.0.0.1,port=9003,reconnect=1,tls-creds=tls-cli",
                "socket,id=red1,host=10.0.0.1,port=9004,reconnect=1,tls-creds=tls-cli");
        assertThat(proxy.warnings()).isEmpty();
    }

    @Test
    void commasInValuesAreDoubledAndNewlinesRejected() {
        assertThat(QEMU_7_2.chardev(SocketChardev.client("c0", "odd,host", 7)))
                .isEqualTo("socket,id=c0,host=odd,,host,port=7");
        assertThatThrownBy(() -> QEMU_7_2.chardev(SocketChardev.client("c0", "odd\nhost", 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newline");
    }

    @Test
    void placementIsRenderedAfterTheIdAndNeedsQemu5() {
        FilterMirror m = FilterMirror.of("m0", "hn0", FilterQueue.TX, "mirror0").withPlacement(FilterPlacement.before("rew0"));
        assertThat(QEMU_7_2.object(m)).isEqualTo("filter-mirror,id=m0,insert=before,position=id=rew0,netdev=hn0,queue=tx,outdev=mirror0");
        assertThat(QEMU_7_2.object(m.withPlacement(FilterPlacement.after("rew0"))))
                .startsWith("filter-mirror,id=m0,insert=behind,position=id=rew0,");
        assertThatThrownBy(() -> ProxyArgvRenderer.forVersion(QemuVersion.of(4, 2, 1)).object(m))
                .isInstanceOf(NetfilterValidationException.class).hasMessageContaining("since 5.0");
    }

    static List<String> objectOptions(List<String> argv) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i += 2) {
            if (argv.get(i).equals("-object")) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }
}
