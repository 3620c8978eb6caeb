package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QmpEndpointTest {

    @Test
    void printsAsQemuSpellsIt() {
        assertThat(QmpEndpoint.unix(Path.of("/run/colo/p.qmp"))).hasToString("unix:/run/colo/p.qmp");
        assertThat(QmpEndpoint.tcp("127.0.0.1", 4444)).hasToString("tcp:127.0.0.1:4444");
        assertThat(QmpEndpoint.tcp("::1", 4444)).hasToString("tcp:[::1]:4444");
        assertThat(QmpEndpoint.unix(Path.of("/x")).supportsFdPassing()).isTrue();
        assertThat(QmpEndpoint.tcp("localhost", 1).supportsFdPassing()).isFalse();
    }

    @Test
    void rejectsBadPortsAndHostsNamingTheField() {
        assertThatThrownBy(() -> QmpEndpoint.tcp("127.0.0.1", 0)).hasMessageContaining("port must be 1-65535");
        assertThatThrownBy(() -> QmpEndpoint.tcp("127.0.0.1", 65536)).hasMessageContaining("port must be 1-65535");
        assertThatThrownBy(() -> QmpEndpoint.tcp(" ", 1)).hasMessageContaining("host must not be blank");
    }

    @Test
    void optionsValidateAndCopy() {
        QmpOptions o = QmpOptions.defaults().withCommandTimeout(Duration.ofSeconds(5));
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(QmpOptions.defaults().commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxLineLength()).isEqualTo(16 * 1024 * 1024);
        assertThatThrownBy(() -> o.withCommandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout must be positive");
        assertThatThrownBy(() -> o.withMaxLineLength(10)).hasMessageContaining("maxLineLength");
    }
}
