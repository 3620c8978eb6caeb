package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's Pacemaker configuration is one Pacemaker accepts: its pcs commands, taken from
 * README.md itself ({@link ReadmePcsBlock}), build a CIB file offline ({@code pcs -f}, starting from
 * {@code cibadmin --empty}) and {@code crm_verify --xml-file} finds nothing wrong with it. pcs reads
 * the agent's meta-data through crm_resource, which only looks in {@code /usr/lib/ocf/resource.d}:
 * each command runs in a private mount namespace ({@code unshare -m}) with a directory holding this
 * tree's agent mounted there, so the host's agents are untouched.
 */
class PacemakerConfigIT {

    private static final String RA_DIR = "/usr/lib/ocf/resource.d";

    @TempDir
    Path dir;

    @Test
    void theReadmesPcsCommandsBuildAConfigurationCrmVerifyAccepts() throws Exception {
        Path pcs = ClusterTools.require("pcs", ClusterTools.PCS_HINT);
        Path cibadmin = ClusterTools.require("cibadmin", ClusterTools.PCS_HINT);
        Path crmVerify = ClusterTools.require("crm_verify", ClusterTools.PCS_HINT);
        Path unshare = ClusterTools.require("unshare", "apt-get install -y util-linux");
        if (!Files.isDirectory(Path.of(RA_DIR))) {
            ClusterTools.missing(RA_DIR + " does not exist: " + ClusterTools.PCS_HINT);
        }
        List<String> commands = ReadmePcsBlock.commands(Path.of("../README.md"));
        assertThat(commands).as("the README's pcs block").hasSizeGreaterThanOrEqualTo(3).allMatch(c -> c.startsWith("pcs "));

        Path ra = dir.resolve("resource.d");
        Files.createDirectories(ra.resolve("colo4j"));
        Files.copy(OcfAgent.AGENT, ra.resolve("colo4j/colo4j"), StandardCopyOption.COPY_ATTRIBUTES);
        Path cib = dir.resolve("cib.xml");
        Run empty = run(List.of(cibadmin.toString(), "--empty"));
        assertThat(empty.code()).as("cibadmin --empty: %s", empty.out()).isZero();
        Files.writeString(cib, empty.out(), StandardCharsets.UTF_8);

        for (String command : commands) {
            Run r = pcsOffline(unshare, ra, pcs + " -f '" + cib + "' " + command.substring("pcs ".length()));
            assertThat(r.code()).as("README command %s%n%s", command, r.out()).isZero();
        }
        // pcs checked those parameters against this tree's agent: one the meta-data does not name is refused.
        Run bogus = pcsOffline(unshare, ra, pcs + " -f '" + cib + "' resource create colo-bogus ocf:colo4j:colo4j pair=/p no_such_option=1");
        assertThat(bogus.code()).as("pcs with a parameter the agent lacks:%n%s", bogus.out()).isNotZero();
        assertThat(bogus.out()).contains("'no_such_option'").contains("'pair'").contains("'state_dir'");

        Run verify = run(List.of(crmVerify.toString(), "-V", "--xml-file", cib.toString()));
        assertThat(verify.code()).as("crm_verify on the README's configuration:%n%s%n%s", verify.out(), Files.readString(cib)).isZero();
        assertThat(verify.out()).as("crm_verify's output").doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");

        Document doc = parse(cib);
        Element clone = only(doc, "clone");
        Element primitive = (Element) clone.getElementsByTagName("primitive").item(0);
        assertThat(primitive.getAttribute("class") + ":" + primitive.getAttribute("provider") + ":" + primitive.getAttribute("type"))
                .isEqualTo("ocf:colo4j:colo4j");
        Map<String, String> meta = nvpairs(clone, "meta_attributes");
        assertThat(meta).containsEntry("promotable", "true").containsEntry("notify", "true").containsEntry("promoted-max", "1")
                .containsEntry("clone-max", "2");
        assertThat(nvpairs(primitive, "instance_attributes")).containsKey("pair");
        List<String> monitors = new ArrayList<>();
        NodeList ops = primitive.getElementsByTagName("op");
        for (int i = 0; i < ops.getLength(); i++) {
            Element op = (Element) ops.item(i);
            if (op.getAttribute("name").equals("monitor")) {
                monitors.add(op.getAttribute("role") + "@" + op.getAttribute("interval"));
            }
        }
        assertThat(monitors).containsExactlyInAnyOrder("Promoted@10s", "Unpromoted@11s");
        List<Element> fencing = stonith(doc);
        assertThat(fencing).as("stonith devices").hasSize(2);
        assertThat(doc.getElementsByTagName("rule").getLength()).as("the Promoted location rule").isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("rule").item(0)).getAttribute("role")).isEqualTo("Promoted");

        // crm_verify can say no: without the fencing devices (and their constraints) the same configuration is refused.
        List<String> ids = fencing.stream().map(e -> e.getAttribute("id")).toList();
        NodeList locations = doc.getElementsByTagName("rsc_location");
        List<Element> theirs = new ArrayList<>();
        for (int i = 0; i < locations.getLength(); i++) {
            Element l = (Element) locations.item(i);
            if (ids.contains(l.getAttribute("rsc"))) {
                theirs.add(l);
            }
        }
        assertThat(theirs).as("the fence devices' location constraints").hasSize(2);
        theirs.forEach(e -> e.getParentNode().removeChild(e));
        fencing.forEach(e -> e.getParentNode().removeChild(e));
        Path unfenced = dir.resolve("cib-unfenced.xml");
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(unfenced.toFile()));
        Run refused = run(List.of(crmVerify.toString(), "-V", "--xml-file", unfenced.toString()));
        assertThat(refused.code()).as("crm_verify without fencing").isNotZero();
        assertThat(refused.out()).contains("STONITH");
    }

    record Run(int code, String out) {}

    /** Runs {@code command} in a private mount namespace where {@code ra} is {@value #RA_DIR}. */
    private Run pcsOffline(Path unshare, Path ra, String command) throws Exception {
        Run r = run(List.of(unshare.toString(), "-m", "/bin/sh", "-c", "mount --bind \"$1\" " + RA_DIR + " && exec /bin/sh -c \"$2\"",
                "sh", ra.toString(), command));
        if (r.code() != 0 && r.out().contains("unshare failed")) {
            ClusterTools.missing("cannot make a private mount namespace for pcs (" + r.out().strip() + "): run as root");
        }
        return r;
    }

    private Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    private static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    private static Element only(Document doc, String tag) {
        NodeList l = doc.getElementsByTagName(tag);
        assertThat(l.getLength()).as("<%s> elements", tag).isEqualTo(1);
        return (Element) l.item(0);
    }

    private static Map<String, String> nvpairs(Element parent, String setTag) {
        Map<String, String> m = new HashMap<>();
        NodeList sets = parent.getChildNodes();
        for (int i = 0; i < sets.getLength(); i++) {
            if (sets.item(i) instanceof Element set && set.getTagName().equals(setTag)) {
                NodeList pairs = set.getElementsByTagName("nvpair");
                for (int j = 0; j < pairs.getLength(); j++) {
                    Element nv = (Element) pairs.item(j);
                    m.put(nv.getAttribute("name"), nv.getAttribute("value"));
                }
            }
        }
        return m;
    }

    private static List<Element> stonith(Document doc) {
        List<Element> l = new ArrayList<>();
        NodeList prims = doc.getElementsByTagName("primitive");
        for (int i = 0; i < prims.getLength(); i++) {
            Element e = (Element) prims.item(i);
            if (e.getAttribute("class").equals("stonith")) {
                l.add(e);
            }
        }
        return l;
    }
}
