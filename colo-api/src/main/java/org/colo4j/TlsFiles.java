package org.colo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One node's x509 files as read on this host, and the checks QEMU (GnuTLS) would otherwise make
 * later: at object creation (files present, certificates valid and issued by the node's own CA) and
 * in the other node's handshake (issued by a CA the other node trusts, server certificate naming the
 * address the other node dials). Messages quote QEMU's own error texts (crypto/tlscreds.c,
 * crypto/tlscredsx509.c, crypto/tlssession.c).
 */
final class TlsFiles {

    static final String CA_CERT = "ca-cert.pem";
    static final String SERVER_CERT = "server-cert.pem";
    static final String SERVER_KEY = "server-key.pem";
    static final String CLIENT_CERT = "client-cert.pem";
    static final String CLIENT_KEY = "client-key.pem";

    private final ColoNode node;
    private final Path dir;
    private final String field;
    private final List<ColoProblem> problems = new ArrayList<>();
    private final List<X509Certificate> cas = new ArrayList<>();
    private X509Certificate server;
    private X509Certificate client;

    private TlsFiles(ColoNode node, Path dir) {
        this.node = node;
        this.dir = dir;
        this.field = "tls[" + node.name() + "]";
    }

    static ColoProblem noDir(String nodeName) {
        return new ColoProblem("tls[" + nodeName + "]", "no x509 directory for node '" + nodeName + "': give"
                + " ColoTls.builder().dir(path) for every node, or .node(\"" + nodeName + "\", path)");
    }

    /**
     * The pair's TLS rules for {@link ColoPairSpec.Builder#build()}: each node has a directory; with
     * {@link ColoTls#filesOnThisHost()} both nodes' files are read here and checked, each node's
     * certificates also against the other node's CA; otherwise one warning says why they were not.
     */
    static void checkPair(ColoTls tls, ColoNode primary, ColoNode secondary, List<ColoProblem> problems,
            List<ColoProblem> warnings) {
        boolean dirs = true;
        for (ColoNode n : List.of(primary, secondary)) {
            if (tls.dirOf(n.name()) == null) {
                problems.add(noDir(n.name()));
                dirs = false;
            }
        }
        if (!dirs) {
            return;
        }
        if (!tls.filesOnThisHost()) {
            warnings.add(new ColoProblem("tls", "the x509 files were not checked on this host (ColoTls.filesOnThisHost"
                    + " is off: they live on the nodes' hosts): each QEMU checks its own when it starts, the other node's"
                    + " in the handshake; ColoTls.checkFiles(node) checks a node's files on its host"));
            return;
        }
        TlsFiles p = read(primary, tls.dirOf(primary.name()));
        TlsFiles s = read(secondary, tls.dirOf(secondary.name()));
        problems.addAll(p.problems());
        problems.addAll(s.problems());
        problems.addAll(p.trustedBy(s));
        problems.addAll(s.trustedBy(p));
    }

    /** Reads and checks {@code node}'s files in {@code dir}; see {@link #problems()}. */
    static TlsFiles read(ColoNode node, Path dir) {
        TlsFiles f = new TlsFiles(node, dir);
        f.load();
        return f;
    }

    /** What is wrong with this node's own files; empty when QEMU would accept them. */
    List<ColoProblem> problems() {
        return List.copyOf(problems);
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            problems.add(new ColoProblem(field, dir + " is not a directory on this host: node '" + node.name()
                    + "''s QEMU would refuse to start (\"Unable to access credentials " + dir.resolve(CA_CERT) + "\")"));
            return;
        }
        for (String name : ColoTls.FILES) {
            Path p = dir.resolve(name);
            if (!Files.isReadable(p)) {
                problems.add(new ColoProblem(field, p + (Files.exists(p) ? " is not readable" : " is missing")
                        + ": tls-creds-x509 needs " + String.join(", ", ColoTls.FILES) + " (QEMU: \"Unable to access"
                        + " credentials " + p + "\")"));
            }
        }
        cas.addAll(certificates(CA_CERT));
        server = single(SERVER_CERT);
        client = single(CLIENT_CERT);
        for (X509Certificate c : cas) {
            valid(c, CA_CERT, "CA");
        }
        if (server != null && valid(server, SERVER_CERT, "server")) {
            issuedByOwnCa(server, SERVER_CERT);
            if (!names(server, node.address())) {
                problems.add(new ColoProblem(field, dir.resolve(SERVER_CERT) + " (" + server.getSubjectX500Principal()
                        + ", subjectAltName " + altNames(server) + ") does not name node '" + node.name() + "''s address "
                        + node.address() + ", which the other node checks it against: the handshake would fail with"
                        + " \"Certificate does not match the hostname " + node.address() + "\"; issue it with"
                        + " subjectAltName " + (isIpLiteral(node.address()) ? "IP:" : "DNS:") + node.address()));
            }
        }
        if (client != null && valid(client, CLIENT_CERT, "client")) {
            issuedByOwnCa(client, CLIENT_CERT);
        }
    }

    /**
     * Problems when {@code peer}, verifying this node's certificates with its own {@code ca-cert.pem},
     * would refuse them (certificates from another CA).
     */
    List<ColoProblem> trustedBy(TlsFiles peer) {
        List<ColoProblem> out = new ArrayList<>();
        if (peer.cas.isEmpty()) {
            return out;
        }
        for (X509Certificate c : new X509Certificate[] {server, client}) {
            if (c != null && !issuedBy(c, peer.cas)) {
                String file = c == server ? SERVER_CERT : CLIENT_CERT;
                out.add(new ColoProblem(field, dir.resolve(file) + " was issued by " + c.getIssuerX500Principal()
                        + ", which node '" + peer.node.name() + "' does not trust (its " + peer.dir.resolve(CA_CERT)
                        + " holds " + peer.cas.stream().map(X509Certificate::getSubjectX500Principal).toList() + "): "
                        + peer.node.name() + " would refuse it in every handshake (\"The certificate hasn't got a known"
                        + " issuer\"); issue both nodes' certificates from one CA, or put both CAs in each ca-cert.pem"));
            }
        }
        return out;
    }

    private List<X509Certificate> certificates(String name) {
        Path p = dir.resolve(name);
        if (!Files.isReadable(p)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(p)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            all.forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                problems.add(new ColoProblem(field, p + " holds no certificate: write PEM certificates there"));
            }
            return out;
        } catch (IOException | CertificateException e) {
            problems.add(new ColoProblem(field, p + " is not a PEM certificate file (" + e.getMessage() + ")"));
            return List.of();
        }
    }

    private X509Certificate single(String name) {
        List<X509Certificate> all = certificates(name);
        return all.isEmpty() ? null : all.get(0);
    }

    private boolean valid(X509Certificate c, String file, String kind) {
        try {
            c.checkValidity();
            return true;
        } catch (CertificateExpiredException e) {
            problems.add(new ColoProblem(field, dir.resolve(file) + " expired on " + c.getNotAfter().toInstant()
                    + " (QEMU: \"The " + kind + " certificate " + dir.resolve(file) + " has expired\"): issue a new one"));
        } catch (CertificateNotYetValidException e) {
            problems.add(new ColoProblem(field, dir.resolve(file) + " is valid only from " + c.getNotBefore().toInstant()
                    + " (QEMU: \"The " + kind + " certificate " + dir.resolve(file) + " is not yet active\"): check the"
                    + " host's clock or issue a new one"));
        }
        return false;
    }

    private void issuedByOwnCa(X509Certificate c, String file) {
        if (!cas.isEmpty() && !issuedBy(c, cas)) {
            problems.add(new ColoProblem(field, dir.resolve(file) + " was issued by " + c.getIssuerX500Principal()
                    + ", not by a CA in " + dir.resolve(CA_CERT) + ": QEMU would refuse to start (\"Our own certificate "
                    + dir.resolve(file) + " failed validation against " + dir.resolve(CA_CERT) + ": The certificate hasn't"
                    + " got a known issuer\")"));
        }
    }

    private static boolean issuedBy(X509Certificate c, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // same name, other key: try the next CA
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code cert} names {@code host} as GnuTLS's hostname check sees it: an IP address
     * against the IP subjectAltNames, a name (or an IP written as one) against the DNS names
     * ({@code *.} matching one label), and the subject's CN only when there is no DNS name.
     */
    static boolean names(X509Certificate cert, String host) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> entry : alt) {
                    int type = (Integer) entry.get(0);
                    if (type == 2) {
                        dns.add(entry.get(1).toString());
                    } else if (type == 7) {
                        ips.add(entry.get(1).toString());
                    }
                }
            }
        } catch (CertificateException e) {
            return false;
        }
        if (isIpLiteral(host) && ips.stream().anyMatch(ip -> sameIp(ip, host))) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (dns.stream().anyMatch(d -> dnsMatches(d.toLowerCase(Locale.ROOT), h))) {
            return true;
        }
        return dns.isEmpty() && h.equals(commonName(cert));
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static String commonName(X509Certificate cert) {
        for (String part : cert.getSubjectX500Principal().getName().split(",")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String altNames(X509Certificate cert) {
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt == null) {
                return "none";
            }
            List<String> out = new ArrayList<>();
            for (List<?> e : alt) {
                int type = (Integer) e.get(0);
                out.add((type == 7 ? "IP:" : type == 2 ? "DNS:" : type + ":") + e.get(1));
            }
            return String.join(", ", out);
        } catch (CertificateException e) {
            return "unreadable";
        }
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.indexOf(':') >= 0;
    }

    private static boolean sameIp(String a, String b) {
        try {
            // Only IP literals reach here, which getByName parses without a lookup.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
