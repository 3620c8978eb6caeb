package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Warnings for COLO's channels that cross the network in plain text, naming the node and the channel. */
class PlainTextChannelsTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    @Test
    void aPairOnLoopbackHasNoWarning() {
        assertThat(Specs.reference(DIR).build().warnings()).isEmpty();
    }

    @Test
    void twoHostsGetOneWarningPerPlainTextChannel() {
        ColoPairSpec spec = TwoHostSpecs.spec().build();
        assertThat(spec.warnings()).extracting(ColoProblem::field).containsExactly("secondary.nbdPort",
                "secondary.migrationPort", "nics[0].ports.mirror", "nics[0].ports.secondaryIn");
        assertThat(spec.warnings().get(0).message()).startsWith("the secondary 'vm-b' serves the NBD disk replication on"
                + " 192.0.2.20:9999 in plain text").contains("writable", "read and overwrite the guest's disks");
        assertThat(spec.warnings().get(1).message()).startsWith("the secondary 'vm-b' takes the migration stream on"
                + " 192.0.2.20:9998 in plain text").contains("guest's RAM");
        assertThat(spec.warnings().get(2).message()).startsWith("the primary 'vm-a' serves the COLO proxy channel mirror0"
                + " on 192.0.2.10:9003 in plain text");
        assertThat(spec.warnings().get(3).message()).startsWith("the primary 'vm-a' serves the COLO proxy channel compare1"
                + " on 192.0.2.10:9004 in plain text");
    }

    @Test
    void everyNicsProxyChannelsAreNamedWithTheirOwnPorts() {
        ColoPairSpec spec = TwoHostSpecs.spec().nic(ColoNic.builder().netdev("hn1").build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field).contains("nics[1].ports.mirror", "nics[1].ports.secondaryIn");
        assertThat(spec.warnings()).extracting(ColoProblem::message)
                .anySatisfy(m -> assertThat(m).contains("nic1-mirror0 on 192.0.2.10:9013", "(hn1)"));
    }

    @Test
    void tlsSilencesTheWarningsOfTheChannelsItCovers() {
        ColoTls proxyOnly = ColoTls.builder().dir(Path.of("/etc/pki/qemu")).channels(ColoTls.Channel.PROXY).build();
        assertThat(TwoHostSpecs.spec().tls(proxyOnly).build().warnings()).extracting(ColoProblem::field).filteredOn(f -> !f.equals("tls"))
                .containsExactly("secondary.nbdPort", "secondary.migrationPort");
        ColoTls nbdAndProxy = ColoTls.builder().dir(Path.of("/etc/pki/qemu")).channels(ColoTls.Channel.NBD, ColoTls.Channel.PROXY)
                .build();
        assertThat(TwoHostSpecs.spec().tls(nbdAndProxy).build().warnings()).extracting(ColoProblem::field).filteredOn(f -> !f.equals("tls"))
                .containsExactly("secondary.migrationPort");
        ColoTls all = ColoTls.builder().dir(Path.of("/etc/pki/qemu")).build();
        assertThat(TwoHostSpecs.spec().tls(all).build().warnings()).extracting(ColoProblem::field).filteredOn(f -> !f.equals("tls"))
                .doesNotContain("secondary.nbdPort", "secondary.migrationPort", "nics[0].ports.mirror");
    }

    @Test
    void aSecondaryListeningOnEveryInterfaceIsExposedEvenWhenReachedOnLoopback() {
        ColoPairSpec spec = Specs.reference(DIR).secondary(Specs.secondaryNode(DIR).listenAddress("0.0.0.0").build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field).containsExactly("secondary.nbdPort", "secondary.migrationPort");
        assertThat(spec.warnings().get(0).message()).contains("0.0.0.0:9999 (every interface), reached at 127.0.0.2:9999");
    }

    @Test
    void ipv6AddressesAreBracketed() {
        ColoPairSpec spec = Specs.reference(DIR).secondary(Specs.secondaryNode(DIR).address("fd00::20").build()).build();
        assertThat(spec.warnings().get(0).message()).contains("[fd00::20]:9999");
    }
}
