package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's meta-data against the schemas the cluster tools ship, with xmllint: resource-agents'
 * {@code ra-api-1.dtd} (what ocf-tester and crm_resource expect) and {@code metadata.rng}, and the
 * OCF 1.1 RELAX NG schema pcs carries ({@code ocf-1.1.rng}, from the OCF specification).
 */
class OcfMetaDataIT {

    private static final Path RA_SHARE = Path.of("/usr/share/resource-agents");
    private static final Path OCF_11_RNG = Path.of("/usr/share/pcs/data/ocf-1.1.rng");

    @TempDir
    Path dir;

    @Test
    void metaDataIsValidAgainstTheDtdAndTheOcf11Schemas() throws Exception {
        Path xmllint = ClusterTools.require("xmllint", ClusterTools.OCF_TESTER_HINT);
        if (!Files.isRegularFile(RA_SHARE.resolve("ra-api-1.dtd")) || !Files.isRegularFile(RA_SHARE.resolve("metadata.rng"))) {
            ClusterTools.missing(RA_SHARE + " has no ra-api-1.dtd and metadata.rng: " + ClusterTools.OCF_TESTER_HINT);
        }
        if (!Files.isRegularFile(OCF_11_RNG)) {
            ClusterTools.missing(OCF_11_RNG + " (the OCF 1.1 schema) is not there: " + ClusterTools.PCS_HINT);
        }
        OcfAgent.Result md = new OcfAgent(Map.of()).run("meta-data");
        assertThat(md.code()).isZero();
        Path xml = dir.resolve("meta-data.xml");
        Files.writeString(xml, md.out(), StandardCharsets.UTF_8);
        assertThat(md.out()).contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">").contains("<version>1.1</version>");

        for (List<String> check : checks(xmllint, xml)) {
            Run r = run(check);
            assertThat(r.code()).as("%s:%n%s", check, r.out()).isZero();
        }

        // The checks can fail: the same document with a parameter's required="yes" (not 0 or 1) is refused by each.
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, md.out().replace("required=\"1\"", "required=\"yes\""), StandardCharsets.UTF_8);
        for (List<String> check : checks(xmllint, broken)) {
            Run r = run(check);
            assertThat(r.code()).as("%s:%n%s", check, r.out()).isNotZero();
            assertThat(r.out()).contains("required");
        }
    }

    private static List<List<String>> checks(Path xmllint, Path xml) {
        String x = xmllint.toString();
        String f = xml.toString();
        // --valid resolves the DOCTYPE's ra-api-1.dtd against the document's directory: --path adds RA_SHARE.
        return List.of(List.of(x, "--noout", "--valid", "--path", RA_SHARE.toString(), f),
                List.of(x, "--noout", "--relaxng", RA_SHARE.resolve("metadata.rng").toString(), f),
                List.of(x, "--noout", "--relaxng", OCF_11_RNG.toString(), f));
    }

    record Run(int code, String out) {}

    private Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "xmllint", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Run(p.exitValue(), Files.readString(out));
    }
}
