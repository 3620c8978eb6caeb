package org.colo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The x509 checks of a spec whose files are on this host, on certificates {@code openssl} makes for
 * each test (skipped, saying so, without openssl): what QEMU would refuse at start-up or in a
 * handshake is reported by {@code build()}, naming the node, the file and QEMU's own words.
 */
class TlsFilesTest {

    @TempDir
    Path dir;

    private TestPki ca;
    private Path primary;
    private Path secondary;

    @BeforeEach
    void certificates() throws Exception {
        TestPki.requireOpenssl();
        ca = TestPki.ca(dir.resolve("ca"), "colo4j test CA");
        primary = ca.issueNode(dir.resolve("primary"), "primary", "IP:127.0.0.1");
        secondary = ca.issueNode(dir.resolve("secondary"), "secondary", "IP:127.0.0.2");
    }

    private ColoPairSpec.Builder spec(Path primaryDir, Path secondaryDir) {
        return Specs.reference(dir).tls(ColoTls.builder().node("primary", primaryDir).node("secondary", secondaryDir)
                .filesOnThisHost(true).build());
    }

    private static ColoValidationException invalid(ColoPairSpec.Builder b) {
        try {
            b.build();
        } catch (ColoValidationException e) {
            return e;
        }
        throw new AssertionError("expected the spec to be invalid");
    }

    @Test
    void aGoodPairPassesWithoutWarnings() {
        ColoPairSpec spec = spec(primary, secondary).build();
        assertThat(spec.warnings()).isEmpty();
        assertThat(spec.tls().checkFiles(spec.primary())).isEmpty();
    }

    @Test
    void aMissingFileIsNamedWithQemusWords() throws Exception {
        Files.delete(secondary.resolve("client-key.pem"));
        ColoValidationException e = invalid(spec(primary, secondary));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("tls[secondary]");
            assertThat(p.message()).contains(secondary.resolve("client-key.pem") + " is missing",
                    "Unable to access credentials");
        });
    }

    @Test
    void aMissingDirectoryIsNamed() {
        ColoValidationException e = invalid(spec(primary, dir.resolve("nowhere")));
        assertThat(e.getMessage()).contains("tls[secondary]", "is not a directory on this host");
    }

    @Test
    void aServerCertificateWithoutTheNodesAddressIsRefused() throws Exception {
        Path wrong = ca.issueNode(dir.resolve("wrong-san"), "secondary", "IP:127.0.0.9");
        ColoValidationException e = invalid(spec(primary, wrong));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("tls[secondary]");
            assertThat(p.message()).contains("IP:127.0.0.9", "does not name node 'secondary''s address 127.0.0.2",
                    "Certificate does not match the hostname 127.0.0.2", "subjectAltName IP:127.0.0.2");
        });
    }

    @Test
    void aDnsNameMatchesAHostAddress() throws Exception {
        Path byName = ca.issueNode(dir.resolve("by-name"), "secondary", "DNS:colo-b.example");
        ColoPairSpec spec = Specs.reference(dir)
                .secondary(Specs.secondaryNode(dir).address("colo-b.example").build())
                .tls(ColoTls.builder().node("primary", primary).node("secondary", byName).filesOnThisHost(true).build())
                .build();
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void certificatesFromAnotherCaOnOneNodeAreRefusedBothWays() throws Exception {
        TestPki other = TestPki.ca(dir.resolve("other-ca"), "another CA");
        Path stranger = other.issueNode(dir.resolve("stranger"), "secondary", "IP:127.0.0.2");
        ColoValidationException e = invalid(spec(primary, stranger));
        assertThat(e.problems()).extracting(ColoProblem::field)
                .containsExactly("tls[primary]", "tls[primary]", "tls[secondary]", "tls[secondary]");
        assertThat(e.problems().get(0).message()).contains("primary/server-cert.pem was issued by CN=colo4j test CA",
                "node 'secondary' does not trust", "The certificate hasn't got a known issuer");
        assertThat(e.problems().get(2).message()).contains("stranger/server-cert.pem was issued by CN=another CA",
                "node 'primary' does not trust");
    }

    @Test
    void aCertificateNotIssuedByTheNodesOwnCaIsWhatQemuRefusesAtStartUp() throws Exception {
        TestPki other = TestPki.ca(dir.resolve("other-ca"), "another CA");
        Files.copy(other.caCert(), secondary.resolve("ca-cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(ColoTls.builder().dir(secondary).build().checkFiles(Specs.secondaryNode(dir).build()))
                .extracting(ColoProblem::message)
                .anyMatch(m -> m.contains("Our own certificate " + secondary.resolve("server-cert.pem") + " failed validation"));
    }

    @Test
    void notAPemFileIsNamed() throws Exception {
        Files.writeString(primary.resolve("server-cert.pem"), "not a certificate");
        assertThatThrownBy(() -> spec(primary, secondary).build()).isInstanceOf(ColoValidationException.class)
                .hasMessageContaining(primary.resolve("server-cert.pem") + " is not a PEM certificate file");
    }
}
