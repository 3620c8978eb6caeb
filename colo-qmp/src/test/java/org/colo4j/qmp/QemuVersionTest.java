package org.colo4j.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QemuVersionTest {

    @Test
    void ordersNumericallyNotLexically() {
        assertThat(QemuVersion.of(10, 0, 2)).isGreaterThan(QemuVersion.of(9, 2, 0));
        assertThat(QemuVersion.of(7, 2, 22)).isGreaterThan(QemuVersion.of(7, 2, 3));
        assertThat(QemuVersion.of(7, 2, 22).isAtLeast(6, 0)).isTrue();
        assertThat(QemuVersion.of(5, 1, 0).isAtLeast(5, 2)).isFalse();
        assertThat(QemuVersion.of(10, 1, 0).isAtLeast(10, 1, 1)).isFalse();
    }

    @Test
    void parsesVersionOutput() {
        assertThat(QemuVersion.parse("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)"))
                .isEqualTo(QemuVersion.of(7, 2, 22));
        assertThat(QemuVersion.parse("10.0")).isEqualTo(QemuVersion.of(10, 0, 0));
        assertThat(QemuVersion.of(7, 2, 22)).hasToString("7.2.22");
        assertThatThrownBy(() -> QemuVersion.parse("no digits")).hasMessageContaining("no QEMU version");
    }
}
