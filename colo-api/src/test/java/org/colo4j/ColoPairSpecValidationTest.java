package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.colo4j.blockgraph.DiskImage;
import org.colo4j.netfilter.PortPlan;
import org.colo4j.netfilter.ProxyPorts;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;

/**
 * One test per validation rule of the spec and its parts: each asserts the exact field path of every
 * problem and that the message names the fix.
 */
class ColoPairSpecValidationTest {

    private static final Path DIR = Path.of("/var/lib/colo");

    // ---- ColoPairSpec: the pair as a whole

    @Test
    void referenceSpecIsValidAndHasNoWarnings() {
        assertThat(Specs.reference(DIR).build().warnings()).isEmpty();
    }

    @Test
    void missingPrimaryIsReported() {
        ColoValidationException e = invalid(() -> ColoPairSpec.builder().qemuVersion(Specs.QEMU).secondary(Specs.secondaryNode(DIR).build())
                .disk(Specs.disk(DIR, "").build()).nic(ColoNic.builder().netdev("hn0").build()).build());
        assertThat(fields(e)).containsExactly("primary");
        assertThat(message(e, "primary")).contains("is required").contains("ColoNode.builder()");
    }

    @Test
    void missingSecondaryIsReported() {
        ColoValidationException e = invalid(() -> ColoPairSpec.builder().qemuVersion(Specs.QEMU).primary(Specs.primaryNode(DIR).build())
                .disk(Specs.disk(DIR, "").build()).nic(ColoNic.builder().netdev("hn0").build()).build());
        assertThat(fields(e)).containsExactly("secondary");
        assertThat(message(e, "secondary")).contains("is required").contains("ColoNode.builder()");
    }

    @Test
    void nodesWithTheSameNameAreRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).name("primary").build()).build());
        assertThat(fields(e)).containsExactly("secondary.name");
        assertThat(message(e, "secondary.name")).contains("'primary'").contains("give the nodes different names");
    }

    @Test
    void nodesSharingOneQmpEndpointAreRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).qmp(QmpEndpoint.unix(DIR.resolve("primary.qmp"))).build()).build());
        assertThat(fields(e)).containsExactly("secondary.qmp");
        assertThat(message(e, "secondary.qmp")).contains("unix:/var/lib/colo/primary.qmp").contains("each QEMU needs its own");
    }

    @Test
    void zeroCheckpointDelayIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).checkpointDelay(Duration.ZERO).build());
        assertThat(fields(e)).containsExactly("checkpointDelay");
        assertThat(message(e, "checkpointDelay")).contains("must be at least 1 ms").contains("PT0S");
    }

    @Test
    void negativeCheckpointDelayIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).checkpointDelay(Duration.ofSeconds(-2)).build());
        assertThat(fields(e)).containsExactly("checkpointDelay");
        assertThat(message(e, "checkpointDelay")).contains("must be at least 1 ms").contains("PT-2S");
    }

    @Test
    void subMillisecondCheckpointDelayIsRejectedBecauseQemuTakesWholeMilliseconds() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).checkpointDelay(Duration.ofNanos(999_999)).build());
        assertThat(fields(e)).containsExactly("checkpointDelay");
    }

    @Test
    void missingCheckpointDelayIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).checkpointDelay(null).build());
        assertThat(fields(e)).containsExactly("checkpointDelay");
    }

    @Test
    void oneMillisecondCheckpointDelayIsAccepted() {
        assertThat(Specs.reference(DIR).checkpointDelay(Duration.ofMillis(1)).build().checkpointDelay())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void specWithoutDisksIsRejected() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build()).build());
        assertThat(fields(e)).containsExactly("disks");
        assertThat(message(e, "disks")).contains("at least one disk is required");
    }

    @Test
    void missingMachineAndQemuVersionAreRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).machine(null).qemuVersion(null).build());
        assertThat(fields(e)).containsExactly("machine", "qemuVersion");
        assertThat(message(e, "machine")).contains("QemuCommandLine.defaults()");
        assertThat(message(e, "qemuVersion")).contains("is not set", "no machine binary", "set qemuVersion(QemuVersion.of(");
    }

    @Test
    void unsetQemuVersionWhoseBinaryCannotBeProbedSaysToSetIt() {
        String bogus = DIR.resolve("no-such-dir/qemu-system-x86_64").toString();
        ColoValidationException e = invalid(() -> Specs.reference(DIR).qemuVersion(null)
                .machine(QemuCommandLine.builder().binary(bogus).build()).build());
        assertThat(fields(e)).containsExactly("qemuVersion");
        assertThat(message(e, "qemuVersion")).contains("is not set", "could not be probed", bogus + " --version",
                "set qemuVersion(QemuVersion.of(major, minor, micro))", "machine.binary");
    }

    // ---- ports used twice across the pair

    @Test
    void secondaryNbdPortEqualToAProxyPortIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).nbdPort(9003).build()).build());
        assertThat(fields(e)).containsExactly("secondary.nbdPort");
        assertThat(message(e, "secondary.nbdPort")).contains("port 9003 is also nics[0].ports.mirror")
                .contains("need distinct ports");
    }

    @Test
    void secondaryMigrationPortEqualToAProxyPortIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .secondary(Specs.secondaryNode(DIR).migrationPort(9005).build()).build());
        assertThat(fields(e)).containsExactly("secondary.migrationPort");
        assertThat(message(e, "secondary.migrationPort")).contains("port 9005 is also nics[0].ports.compareOut");
    }

    @Test
    void explicitNicPortsCollidingWithAnotherNicsPlannedPortsAreRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .nic(ColoNic.builder().netdev("hn1").ports(new ProxyPorts(9013, 9014, 9003, 9015)).build()).build());
        assertThat(fields(e)).containsExactly("nics[1].ports.primaryIn");
        assertThat(message(e, "nics[1].ports.primaryIn")).contains("9003").contains("its own port");
    }

    @Test
    void explicitNicPortsCollidingWithAnotherNicsExplicitPortsInTheSameRoleAreRejected() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").ports(new ProxyPorts(7003, 7004, 7001, 7005)).build())
                .nic(ColoNic.builder().netdev("hn1").ports(new ProxyPorts(7013, 7004, 7011, 7015)).build()).build());
        assertThat(fields(e)).containsExactly("nics[1].ports.secondaryIn");
        assertThat(message(e, "nics[1].ports.secondaryIn")).contains("7004");
    }

    @Test
    void explicitNicPortsEqualToTheSecondaryMigrationPortAreRejected() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").ports(new ProxyPorts(9998, 9004, 9001, 9005)).build()).build());
        assertThat(fields(e)).containsExactly("secondary.migrationPort");
        assertThat(message(e, "secondary.migrationPort")).contains("port 9998 is also nics[0].ports.mirror");
    }

    @Test
    void explicitNicPortsThatAreDistinctAreAccepted() {
        ColoPairSpec spec = Specs.reference(DIR)
                .nic(ColoNic.builder().netdev("hn1").ports(new ProxyPorts(7003, 7004, 7001, 7005)).build()).build();
        assertThat(spec.proxy().nics().get(1).ports()).isEqualTo(new ProxyPorts(7003, 7004, 7001, 7005));
    }

    @Test
    void portPlanWithOverlappingBlocksIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).portPlan(PortPlan.of(9001, 3)).build());
        assertThat(fields(e)).containsExactly("portPlan.stride");
        assertThat(message(e, "portPlan.stride")).contains("stride of at least 5");
    }

    @Test
    void sameNetdevListedTwiceIsRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).nic(ColoNic.builder().netdev("hn0").build()).build());
        assertThat(fields(e)).first().isEqualTo("nics[1].netdev");
        assertThat(message(e, "nics[1].netdev")).contains("list each guest NIC once");
    }

    @Test
    void sameNetdevListedTwiceIsReportedOnlyOnceWithoutMisleadingPortFixes() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).nic(ColoNic.builder().netdev("hn0").build()).build());
        assertThat(fields(e)).containsExactly("nics[1].netdev");
    }

    // ---- NICs reported through colo-netfilter

    @Test
    void vhostOnBackendIsReportedThroughNetfilter() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,vhost=on").build()).build());
        assertThat(fields(e)).containsExactly("nics[0].vhost");
        assertThat(message(e, "nics[0].vhost")).contains("Vhost is not supported").contains("vhost=off");
    }

    @Test
    void vhostOnAnywhereInTheBackendIsDetected() {
        for (String backend : List.of("tap,vhost=on", "tap,vhost=on,ifname=tap0", "tap,ifname=tap0,vhost=true")) {
            ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                    .nic(ColoNic.builder().netdev("hn0").backend(backend).build()).build());
            assertThat(fields(e)).as(backend).containsExactly("nics[0].vhost");
        }
    }

    @Test
    void queues4BackendIsReportedThroughNetfilter() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,queues=4").build()).build());
        assertThat(fields(e)).containsExactly("nics[0].queues");
        assertThat(message(e, "nics[0].queues")).contains("4 queues").contains("use queues=1");
    }

    @Test
    void vhostOffAndOneQueueAreAccepted() {
        assertThatCode(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,vhost=off,queues=1").build()).build())
                .doesNotThrowAnyException();
    }

    // ---- block replication reported through colo-blockgraph

    @Test
    void hiddenImageDeclaredRawIsReportedWithItsBlockgraphPath() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").hiddenImage(DiskImage.raw(DIR.resolve("hidden.img"))).build()).build());
        assertThat(fields(e)).containsExactly("disks[0].secondary.hiddenImage");
        assertThat(message(e, "disks[0].secondary.hiddenImage")).contains("must be qcow2")
                .contains("qemu-img create -f qcow2 /var/lib/colo/hidden.img");
    }

    @Test
    void activeImageDeclaredRawIsReportedWithItsBlockgraphPath() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").activeImage(DiskImage.raw(DIR.resolve("active.img"))).build()).build());
        assertThat(fields(e)).containsExactly("disks[0].secondary.activeImage");
    }

    @Test
    void rawPrimaryAndParentImagesAreAccepted() {
        ColoPairSpec spec = Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").primaryImage(DiskImage.raw(DIR.resolve("primary.img")))
                        .secondaryImage(DiskImage.raw(DIR.resolve("parent.img"))).build()).build();
        assertThat(spec.primaryArgv()).anyMatch(a -> a.endsWith("children.0.file.filename=/var/lib/colo/primary.img,children.0.driver=raw"));
    }

    @Test
    void declaredSizeMismatchIsReportedOnTheOddImage() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").activeImage(DiskImage.qcow2(DIR.resolve("active.qcow2")).withVirtualSize(32L << 20))
                        .build()).build());
        assertThat(fields(e)).containsExactly("disks[0].secondary.activeImage");
        assertThat(message(e, "disks[0].secondary.activeImage")).contains("32 MiB").contains("64 MiB")
                .contains("qemu-img create -f qcow2 /var/lib/colo/active.qcow2 67108864");
    }

    @Test
    void declaredPrimaryImageSizeMismatchAsksForAFreshCopy() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).nic(ColoNic.builder().netdev("hn0").build())
                .disk(Specs.disk(DIR, "").primaryImage(DiskImage.qcow2(DIR.resolve("p.qcow2")).withVirtualSize(1L << 30))
                        .build()).build());
        assertThat(fields(e)).containsExactly("disks[0].primary.image");
        assertThat(message(e, "disks[0].primary.image")).contains("copy the primary image to the secondary again");
    }

    @Test
    void sameQuorumIdOnTwoDisksIsReportedOnBothNodes() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR).disk(Specs.disk(DIR, "d1-").id("colo-disk0").build())
                .build());
        assertThat(fields(e)).containsExactly("disks[1].primary.quorumId", "disks[1].secondary.quorumId");
        assertThat(message(e, "disks[1].primary.quorumId")).contains("already used by disks[0].primary.quorumId");
    }

    @Test
    void twoDisksSharingAnImageFileAreRejected() {
        ColoValidationException e = invalid(() -> Specs.reference(DIR)
                .disk(Specs.disk(DIR, "d1-").hiddenImage(DIR.resolve("secondary-hidden.qcow2")).build()).build());
        assertThat(fields(e)).containsExactly("disks[1].secondary.hiddenImage");
        assertThat(message(e, "disks[1].secondary.hiddenImage")).contains("give every disk its own image files");
    }

    // ---- every problem at once

    @Test
    void specWithManyErrorsReportsEveryOne() {
        ColoValidationException e = invalid(() -> ColoPairSpec.builder().qemuVersion(Specs.QEMU)
                .primary(Specs.primaryNode(DIR).name("node").build())
                .secondary(Specs.secondaryNode(DIR).name("node").qmp(QmpEndpoint.unix(DIR.resolve("primary.qmp"))).build())
                .checkpointDelay(Duration.ZERO)
                .disk(Specs.disk(DIR, "").hiddenImage(DiskImage.raw(DIR.resolve("hidden.img"))).build())
                .disk(Specs.disk(DIR, "d1-").activeImage(DiskImage.qcow2(DIR.resolve("d1-active.qcow2")).withVirtualSize(1L << 20))
                        .build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,vhost=on").build())
                .nic(ColoNic.builder().netdev("hn1").backend("tap,ifname=tap1,queues=4").build())
                .build());
        assertThat(fields(e)).containsExactly(
                "secondary.name",
                "secondary.qmp",
                "checkpointDelay",
                "disks[0].secondary.hiddenImage",
                "disks[1].secondary.activeImage",
                "nics[0].vhost",
                "nics[1].queues");
        assertThat(e).hasMessageStartingWith("ColoPairSpec is invalid (7 problems):\n  - secondary.name: ");
        assertThat(e.getMessage().lines()).hasSize(8);
    }

    @Test
    void portCollisionIsReportedAlongsideANetfilterError() {
        ColoValidationException e = invalid(() -> Specs.nodesOnly(DIR).disk(Specs.disk(DIR, "").build())
                .secondary(Specs.secondaryNode(DIR).nbdPort(9003).build())
                .nic(ColoNic.builder().netdev("hn0").backend("tap,ifname=tap0,vhost=on").build()).build());
        assertThat(fields(e)).containsExactlyInAnyOrder("nics[0].vhost", "secondary.nbdPort");
    }

    // ---- warnings

    @Test
    void primaryListeningOnEveryInterfaceIsAWarningNotAnError() {
        ColoPairSpec spec = Specs.reference(DIR).primary(Specs.primaryNode(DIR).listenAddress("0.0.0.0").build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field)
                .containsExactly("nics[0].ports.mirror", "nics[0].ports.secondaryIn");
        assertThat(spec.warnings()).allSatisfy(w -> assertThat(w.message())
                .contains("the primary 'primary'", "(every interface)", "in plain text", "Set tls(...)"));
        assertThat(spec.warnings().get(0).message()).contains("channel mirror0 on 0.0.0.0:9003 (every interface),"
                + " reached at 127.0.0.1:9003");
        assertThat(spec.warnings().get(1).message()).contains("channel compare1 on 0.0.0.0:9004");
    }

    @Test
    void tlsOnTheCrossHostChardevsSilencesTheListenWarning() {
        ColoPairSpec spec = Specs.reference(DIR).primary(Specs.primaryNode(DIR).listenAddress("0.0.0.0").build())
                .tls(ColoTls.builder().dir(Path.of("/etc/colo/pki")).build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field).doesNotContain("listenAddress");
    }

    // ---- ColoNode

    @Test
    void nodeNameMustBeAnIdentifier() {
        for (String name : new String[] {"pri mary", "-primary", "", "a,b"}) {
            ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).name(name).build());
            assertThat(fields(e)).as(name).containsExactly("name");
            assertThat(message(e, "name")).contains("must be letters, digits, '.', '_' or '-'").contains("'" + name + "'");
        }
    }

    @Test
    void missingNodeNameIsRejected() {
        assertThat(fields(invalid(() -> Specs.primaryNode(DIR).name(null).build()))).containsExactly("name");
    }

    @Test
    void wildcardAsTheNodesAddressIsRejectedPointingToListenAddress() {
        for (String wildcard : new String[] {"0.0.0.0", "::"}) {
            ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).address(wildcard).build());
            assertThat(fields(e)).as(wildcard).containsExactly("address");
            assertThat(message(e, "address")).contains("wildcard").contains("use listenAddress for the bind address");
        }
    }

    @Test
    void ipv6AddressIsAccepted() {
        assertThat(Specs.primaryNode(DIR).address("fd00::1").build().address()).isEqualTo("fd00::1");
    }

    @Test
    void bracketedIpv6AddressIsRejectedAsksForTheBareAddress() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).address("[fd00::2]").build());
        assertThat(fields(e)).containsExactly("address");
        assertThat(message(e, "address")).contains("fd00::2");
    }

    @Test
    void wildcardAsListenAddressIsAccepted() {
        assertThat(Specs.primaryNode(DIR).listenAddress("0.0.0.0").build().listenAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void missingNodeAddressIsRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).address(null).build());
        assertThat(fields(e)).containsExactly("address");
        assertThat(message(e, "address")).contains("is required");
    }

    @Test
    void malformedAddressesAreRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).address("10.0.0.1,port=1").listenAddress(" ")
                .build());
        assertThat(fields(e)).containsExactly("address", "listenAddress");
        assertThat(message(e, "address")).contains("must be an IP address or host name");
    }

    @Test
    void portZeroIsRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).migrationPort(0).build());
        assertThat(fields(e)).containsExactly("migrationPort");
        assertThat(message(e, "migrationPort")).contains("must be 1-65535, got 0");
    }

    @Test
    void port70000IsRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).nbdPort(70000).build());
        assertThat(fields(e)).containsExactly("nbdPort");
        assertThat(message(e, "nbdPort")).contains("must be 1-65535, got 70000");
    }

    @Test
    void nbdPortEqualToMigrationPortIsRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).migrationPort(9000).nbdPort(9000).build());
        assertThat(fields(e)).containsExactly("nbdPort");
        assertThat(message(e, "nbdPort")).contains("equals migrationPort 9000").contains("need different ports");
    }

    @Test
    void missingQmpIsRejected() {
        ColoValidationException e = invalid(() -> Specs.primaryNode(DIR).qmp(null).build());
        assertThat(fields(e)).containsExactly("qmp");
        assertThat(message(e, "qmp")).contains("QmpEndpoint.unix(path)");
    }

    @Test
    void nodeReportsEveryProblemAtOnce() {
        ColoValidationException e = invalid(() -> ColoNode.builder().name("a b").address("0.0.0.0").migrationPort(0)
                .nbdPort(70000).build());
        assertThat(fields(e)).containsExactly("name", "address", "qmp", "migrationPort", "nbdPort");
        assertThat(e).hasMessageStartingWith("ColoNode a b is invalid (5 problems):\n  - name: ");
    }

    // ---- ColoDisk

    @Test
    void diskWithoutImagesNamesEachMissingImageAndHowToCreateIt() {
        ColoValidationException e = invalid(() -> ColoDisk.builder().id("colo-disk0").build());
        assertThat(fields(e)).containsExactly("primaryImage", "secondaryImage", "activeImage", "hiddenImage");
        assertThat(message(e, "activeImage")).contains("qemu-img create -f qcow2 active.qcow2 <size>");
        assertThat(message(e, "hiddenImage")).contains("qemu-img create -f qcow2 hidden.qcow2 <size>");
        assertThat(message(e, "secondaryImage")).contains("copy of the primary image");
    }

    @Test
    void diskMissingOnlyTheHiddenImageNamesOnlyIt() {
        ColoValidationException e = invalid(() -> Specs.disk(DIR, "").hiddenImage((DiskImage) null).build());
        assertThat(fields(e)).containsExactly("hiddenImage");
    }

    @Test
    void nonPositiveVirtualSizeIsRejected() {
        ColoValidationException e = invalid(() -> Specs.disk(DIR, "").virtualSize(0).build());
        assertThat(fields(e)).containsExactly("virtualSize");
        assertThat(message(e, "virtualSize")).contains("must be positive");
    }

    // ---- ColoNic

    @Test
    void nicNetdevMustStartWithALetter() {
        for (String netdev : new String[] {"0hn", "hn 0", "", "hn0,x"}) {
            ColoValidationException e = invalid(() -> ColoNic.builder().netdev(netdev).build());
            assertThat(fields(e)).as(netdev).containsExactly("netdev");
            assertThat(message(e, "netdev")).contains("must start with a letter");
        }
    }

    @Test
    void missingNetdevIsRejected() {
        assertThat(fields(invalid(() -> ColoNic.builder().build()))).containsExactly("netdev");
    }

    @Test
    void backendWithItsOwnIdIsRejected() {
        ColoValidationException e = invalid(() -> ColoNic.builder().netdev("hn0").backend("tap,id=hn0,ifname=tap0").build());
        assertThat(fields(e)).containsExactly("backend");
        assertThat(message(e, "backend")).contains("without id=").contains("tap,id=hn0,ifname=tap0");
    }

    @Test
    void blankOrMultiLineBackendIsRejected() {
        assertThat(fields(invalid(() -> ColoNic.builder().netdev("hn0").backend(" ").build()))).containsExactly("backend");
        assertThat(fields(invalid(() -> ColoNic.builder().netdev("hn0").backend("user\n-S").build())))
                .containsExactly("backend");
    }

    @Test
    void malformedMacIsRejected() {
        for (String mac : new String[] {"52:54:00:12:34", "52-54-00-12-34-56", "52:54:00:12:34:5g", "52:54:00:12:34:56:78"}) {
            ColoValidationException e = invalid(() -> ColoNic.builder().netdev("hn0").mac(mac).build());
            assertThat(fields(e)).as(mac).containsExactly("mac");
            assertThat(message(e, "mac")).contains("must look like 52:54:00:12:34:56");
        }
    }

    @Test
    void upperCaseMacIsAccepted() {
        assertThat(ColoNic.builder().netdev("hn0").mac("52:54:00:AB:CD:EF").build().mac()).isEqualTo("52:54:00:AB:CD:EF");
    }

    @Test
    void nicReportsEveryProblemAtOnce() {
        ColoValidationException e = invalid(() -> ColoNic.builder().netdev("9").backend("user,id=x").model(null)
                .mac("x").build());
        assertThat(fields(e)).containsExactly("netdev", "backend", "model", "mac");
    }

    private static ColoValidationException invalid(ThrowingCallable build) {
        ColoValidationException e = catchThrowableOfType(ColoValidationException.class, build);
        assertThat(e).as("build() throws ColoValidationException").isNotNull();
        return e;
    }

    private static List<String> fields(ColoValidationException e) {
        return e.problems().stream().map(ColoProblem::field).toList();
    }

    private static String message(ColoValidationException e, String field) {
        return e.problems().stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow().message();
    }
}
