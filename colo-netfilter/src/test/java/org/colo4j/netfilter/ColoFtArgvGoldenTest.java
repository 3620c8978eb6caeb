package org.colo4j.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

/**
 * The argv of the default layout against the {@code -chardev}/{@code -object} options of QEMU's
 * docs/COLO-FT.txt (shared seed 002), string for string. The one normalisation: COLO-FT.txt writes the
 * primary's two redirectors as {@code netdev=hn0,id=redireN} while every other object starts with its
 * id; colo4j always writes the id first, so {@link #idFirst} moves the reference's id to the front.
 */
class ColoFtArgvGoldenTest {

    static final QemuVersion QEMU_7_2 = QemuVersion.of(7, 2, 22);

    /** COLO-FT.txt, "Startup qemu", 1. Primary (backslash continuations joined). */
    static final List<String> PRIMARY_REFERENCE = List.of(
            "-chardev", "socket,id=mirror0,host=0.0.0.0,port=9003,server=on,wait=off",
            "-chardev", "socket,id=compare1,host=0.0.0.0,port=9004,server=on,wait=on",
            "-chardev", "socket,id=compare0,host=127.0.0.1,port=9001,server=on,wait=off",
            "-chardev", "socket,id=compare0-0,host=127.0.0.1,port=9001",
            "-chardev", "socket,id=compare_out,host=127.0.0.1,port=9005,server=on,wait=off",
            "-chardev", "socket,id=compare_out0,host=127.0.0.1,port=9005",
            "-object", "filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0",
            "-object", "filter-redirector,netdev=hn0,id=redire0,queue=rx,indev=compare_out",
            "-object", "filter-redirector,netdev=hn0,id=redire1,queue=rx,outdev=compare0",
            "-object", "iothread,id=iothread1",
            "-object", "colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,iothread=iothread1");

    /** COLO-FT.txt, "Startup qemu", 2. Secondary, with {@code $primary_ip}. */
    static final List<String> SECONDARY_REFERENCE = List.of(
            "-chardev", "socket,id=red0,host=$primary_ip,port=9003,reconnect=1",
            "-chardev", "socket,id=red1,host=$primary_ip,port=9004,reconnect=1",
            "-object", "filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0",
            "-object", "filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1",
            "-object", "filter-rewriter,id=rew0,netdev=hn0,queue=all");

    static ColoProxy reference(String primaryIp) {
        return ColoProxy.builder()
                .primaryAddress(primaryIp)
                .waitForSecondary(true)
                .nic(ProxyNic.of("hn0"))
                .build();
    }

    @Test
    void primaryArgvIsColoFtTxt() {
        List<String> argv = ProxyArgvRenderer.forVersion(QEMU_7_2).render(reference("127.0.0.2").primary());
        assertThat(argv).containsExactlyElementsOf(idFirst(PRIMARY_REFERENCE));
    }

    @Test
    void secondaryArgvIsColoFtTxt() {
        List<String> argv = ProxyArgvRenderer.forVersion(QEMU_7_2).render(reference("10.1.2.3").secondary());
        List<String> expected = SECONDARY_REFERENCE.stream().map(s -> s.replace("$primary_ip", "10.1.2.3")).toList();
        assertThat(argv).containsExactlyElementsOf(expected);
    }

    @Test
    void defaultsDifferFromTheReferenceOnlyInCompare1Wait() {
        ColoProxy proxy = ColoProxy.builder().primaryAddress("127.0.0.2").nic(ProxyNic.of("hn0")).build();
        List<String> argv = ProxyArgvRenderer.forVersion(QEMU_7_2).render(proxy.primary());
        List<String> expected = new ArrayList<>(idFirst(PRIMARY_REFERENCE));
        expected.set(3, "socket,id=compare1,host=0.0.0.0,port=9004,server=on,wait=off");
        assertThat(argv).containsExactlyElementsOf(expected);
    }

    @Test
    void renderingIsDeterministic() {
        ProxyArgvRenderer r = ProxyArgvRenderer.forVersion(QEMU_7_2);
        assertThat(r.render(reference("127.0.0.2").primary())).isEqualTo(r.render(reference("127.0.0.2").primary()));
        assertThat(String.join(" ", r.render(reference("127.0.0.2").secondary())))
                .isEqualTo(String.join(" ", r.render(reference("127.0.0.2").secondary())));
    }

    /** Moves an {@code id=} option that is not first to the front, e.g. {@code x,netdev=a,id=b} to {@code x,id=b,netdev=a}. */
    static List<String> idFirst(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String arg : argv) {
            String[] parts = arg.split(",");
            int id = -1;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("id=")) {
                    id = i;
                }
            }
            if (id > 1) {
                List<String> moved = new ArrayList<>(List.of(parts));
                String idPart = moved.remove(id);
                moved.add(1, idPart);
                out.add(String.join(",", moved));
            } else {
                out.add(arg);
            }
        }
        return out;
    }
}
