package org.colo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Certificates made at test time with {@code openssl} (EC P-256 keys, valid for 30 days): a CA, and
 * per node the {@code tls-creds-x509} directory QEMU reads: the CA's certificate, a server
 * certificate naming the node's address in its subjectAltName, and a client certificate.
 */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * Skips the test, saying why, when {@code openssl} is not on PATH (fails instead under
     * {@code -Dcolo4j.requireQemu=true}, as CI runs, since {@code .ci/run} installs it).
     */
    static void requireOpenssl() {
        boolean found;
        try {
            found = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = false;
        }
        String why = "openssl is not on PATH: it makes this test's certificates (apt-get install openssl)";
        if (!found && Boolean.getBoolean("colo4j.requireQemu")) {
            throw new AssertionError(why + "; -Dcolo4j.requireQemu=true makes that a failure");
        }
        Assumptions.assumeTrue(found, why);
    }

    /** A new CA called {@code name}, its key and certificate in {@code dir}. */
    static TestPki ca(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca-cert.pem", "-days", "30", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestPki(dir);
    }

    Path caCert() {
        return dir.resolve("ca-cert.pem");
    }

    /**
     * Fills {@code nodeDir} for a node: this CA's certificate as {@code ca-cert.pem}, and a server and a
     * client certificate issued by it, the server's subjectAltName being {@code serverAltName} (e.g.
     * {@code IP:127.0.0.2}).
     */
    Path issueNode(Path nodeDir, String commonName, String serverAltName) throws IOException {
        Files.createDirectories(nodeDir);
        Files.copy(caCert(), nodeDir.resolve("ca-cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        issue(nodeDir, "server", commonName, "serverAuth", serverAltName);
        issue(nodeDir, "client", commonName, "clientAuth", "DNS:" + commonName);
        return nodeDir;
    }

    private void issue(Path nodeDir, String kind, String commonName, String purpose, String altName) throws IOException {
        Path ext = nodeDir.resolve(kind + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=" + purpose + "\nsubjectAltName=" + altName + "\n");
        openssl(nodeDir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", kind + "-key.pem", "-out", kind + ".csr", "-subj", "/CN=" + commonName);
        openssl(nodeDir, "x509", "-req", "-in", kind + ".csr", "-CA", caCert().toString(), "-CAkey",
                dir.resolve("ca-key.pem").toString(), "-set_serial", Long.toString(SERIAL.incrementAndGet()),
                "-days", "30", "-extfile", ext.toString(), "-out", kind + "-cert.pem");
        Files.delete(nodeDir.resolve(kind + ".csr"));
        Files.delete(ext);
    }

    private static void openssl(Path cwd, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl did not finish within 60 s: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + p.exitValue() + "): " + cmd + "\n" + out);
        }
    }
}
