package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.Test;

/** Where QEMU listens for QMP versus how the controller reaches it, and plain-text QMP. */
class ColoNodeQmpTest {

    private static ColoNode.Builder node() {
        return ColoNode.builder().name("vm").address("192.0.2.20");
    }

    @Test
    void theControllerConnectsWhereQemuListensUnlessToldOtherwise() {
        QmpEndpoint listen = QmpEndpoint.unix(Path.of("/run/colo/vm.qmp"));
        assertThat(node().qmp(listen).build().qmpConnect()).isEqualTo(listen);

        QmpEndpoint forwarded = QmpEndpoint.tcp("127.0.0.1", 14444);
        ColoNode n = node().qmp(listen).qmpConnect(forwarded).build();
        assertThat(n.qmp()).isEqualTo(listen);
        assertThat(n.qmpConnect()).isEqualTo(forwarded);
        assertThat(n.toBuilder().build()).isEqualTo(n);
        assertThat(n.toString()).contains("reached at " + forwarded);
    }

    @Test
    void plainTextQmpOnANonLoopbackAddressIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> node().qmp(QmpEndpoint.tcp("0.0.0.0", 4444)).build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.field()).isEqualTo("qmp");
                            assertThat(p.message()).contains("no authentication").contains("qmpConnect").contains("allowPlainTextQmp");
                        }));
        assertThat(node().qmp(QmpEndpoint.tcp("0.0.0.0", 4444)).allowPlainTextQmp(true).build().plainTextQmpAllowed()).isTrue();
        assertThat(node().qmp(QmpEndpoint.tcp("127.0.0.1", 4444)).build().qmp()).isEqualTo(QmpEndpoint.tcp("127.0.0.1", 4444));
        assertThat(node().qmp(QmpEndpoint.tcp("::1", 4444)).build()).isNotNull();
    }
}
