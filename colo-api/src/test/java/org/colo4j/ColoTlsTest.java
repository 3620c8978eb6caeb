package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.colo4j.ColoTls.Channel;
import org.junit.jupiter.api.Test;

/** The TLS setting itself: validation, per-node directories, channels, the credential objects' argv. */
class ColoTlsTest {

    private static final Path PKI = Path.of("/etc/colo/pki");

    @Test
    void everyNodeGetsTheSharedDirectoryUnlessItHasItsOwn() {
        ColoTls tls = ColoTls.builder().dir(PKI).node("secondary2", Path.of("/srv/new-pki")).build();
        assertThat(tls.dirOf("primary")).isEqualTo(PKI);
        assertThat(tls.dirOf("secondary2")).isEqualTo(Path.of("/srv/new-pki"));
        assertThat(ColoTls.builder().node("primary", PKI).build().dirOf("secondary")).isNull();
    }

    @Test
    void argvHasAServerAndAClientObjectVerifyingThePeer() {
        assertThat(ColoTls.builder().dir(Path.of("/etc/colo,pki")).build().argv("primary")).containsExactly(
                "-object", "tls-creds-x509,id=colo-tls-server,endpoint=server,dir=/etc/colo,,pki,verify-peer=on",
                "-object", "tls-creds-x509,id=colo-tls-client,endpoint=client,dir=/etc/colo,,pki,verify-peer=on");
        assertThatThrownBy(() -> ColoTls.builder().node("primary", PKI).build().argv("secondary"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secondary");
    }

    @Test
    void allChannelsByDefaultAndEachCanBeLeftOut() {
        ColoTls all = ColoTls.builder().dir(PKI).build();
        assertThat(all.coversNbd() && all.coversMigration() && all.coversProxy()).isTrue();
        ColoTls nbdOnly = ColoTls.builder().dir(PKI).channels(Channel.NBD).build();
        assertThat(nbdOnly.coversNbd()).isTrue();
        assertThat(nbdOnly.coversMigration()).isFalse();
        assertThat(nbdOnly.coversProxy()).isFalse();
    }

    @Test
    void buildReportsEveryProblemWithItsField() {
        assertThatThrownBy(() -> ColoTls.builder().channels().build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> assertThat(e.problems())
                        .extracting(ColoProblem::field).containsExactly("tls.dir", "tls.channels"));
        assertThatThrownBy(() -> ColoTls.builder().dir(Path.of("pki")).node("secondary", Path.of("/a\nb")).build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> {
                    assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("tls.dir", "tls[secondary]");
                    assertThat(e.getMessage()).contains("must be an absolute path", "line break");
                });
    }

    @Test
    void toBuilderKeepsEverythingAndValuesCompareByContent() {
        ColoTls tls = ColoTls.builder().dir(PKI).node("b", Path.of("/b")).node("a", Path.of("/a"))
                .channels(Channel.MIGRATION, Channel.PROXY).filesOnThisHost(true).build();
        assertThat(tls.toBuilder().build()).isEqualTo(tls).hasSameHashCodeAs(tls);
        assertThat(tls.nodeDirs().keySet()).containsExactly("a", "b");
        assertThat(tls.toString()).contains("migration", "proxy", "/etc/colo/pki").doesNotContain("nbd");
        assertThat(tls.toBuilder().filesOnThisHost(false).build()).isNotEqualTo(tls);
    }

    @Test
    void aSpecWithoutADirectoryForOneNodeNamesIt() {
        assertThatThrownBy(() -> Specs.reference(PKI).tls(ColoTls.builder().node("primary", PKI).build()).build())
                .isInstanceOfSatisfying(ColoValidationException.class, e -> {
                    assertThat(e.problems()).extracting(ColoProblem::field).containsExactly("tls[secondary]");
                    assertThat(e.getMessage()).contains(".node(\"secondary\", path)");
                });
    }

    @Test
    void filesNotOnThisHostAreNotReadAndTheSpecSaysSo() {
        ColoPairSpec spec = Specs.reference(PKI).tls(ColoTls.builder().dir(Path.of("/nonexistent/pki")).build()).build();
        assertThat(spec.warnings()).extracting(ColoProblem::field).containsExactly("tls");
        assertThat(spec.warnings().get(0).message()).contains("not checked on this host", "checkFiles");
        assertThat(spec.toString()).contains("tls:", "/nonexistent/pki");
        assertThat(List.copyOf(spec.tls().channels())).containsExactly(Channel.NBD, Channel.MIGRATION, Channel.PROXY);
    }
}
