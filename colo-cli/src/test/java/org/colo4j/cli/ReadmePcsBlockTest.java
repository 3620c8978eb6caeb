package org.colo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link ReadmePcsBlock} reads the README's pcs block (PacemakerConfigIT runs what it finds). */
class ReadmePcsBlockTest {

    @TempDir
    Path dir;

    @Test
    void joinsContinuationLinesAndDropsComments() throws Exception {
        Path md = dir.resolve("README.md");
        Files.writeString(md, String.join("\n", "text", ReadmePcsBlock.MARKER + "x -->", "```sh", "# a comment", "",
                "pcs a b \\", "    c  d", "pcs e '#uname' eq f", "```", "pcs not-this", ""));
        assertThat(ReadmePcsBlock.commands(md)).containsExactly("pcs a b c d", "pcs e '#uname' eq f");
    }

    @Test
    void theRealReadmesBlockCreatesThePromotableCloneAndItsFencing() throws Exception {
        List<String> commands = ReadmePcsBlock.commands(Path.of("../README.md"));
        assertThat(commands).allMatch(c -> c.startsWith("pcs "));
        assertThat(commands).anyMatch(c -> c.startsWith("pcs resource create colo ocf:colo4j:colo4j ") && c.contains(" promotable "))
                .anyMatch(c -> c.startsWith("pcs stonith create "));
    }

    @Test
    void saysWhatIsWrongWithTheBlock() throws Exception {
        Path md = dir.resolve("README.md");
        Files.writeString(md, "no marker here\n");
        assertThatThrownBy(() -> ReadmePcsBlock.commands(md)).hasMessageContaining("no ```sh block right after");
        Files.writeString(md, ReadmePcsBlock.MARKER + "-->\n```sh\npcs a \\\n```\n");
        assertThatThrownBy(() -> ReadmePcsBlock.commands(md)).hasMessageContaining("ends inside a continued command");
        Files.writeString(md, ReadmePcsBlock.MARKER + "-->\n```sh\npcs a\n");
        assertThatThrownBy(() -> ReadmePcsBlock.commands(md)).hasMessageContaining("never ends");
    }
}
