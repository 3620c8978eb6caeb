package org.colo4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcs commands of the README's Pacemaker section: the {@code sh} block after the marker comment
 * naming {@link PacemakerConfigIT}, continuation lines joined, comments and blank lines dropped.
 */
final class ReadmePcsBlock {

    static final String MARKER = "<!-- PacemakerConfigIT ";

    private ReadmePcsBlock() {}

    static List<String> commands(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                if (marker >= 0) {
                    throw new IllegalStateException(readme + " has two lines starting with " + MARKER + " (lines " + (marker + 1)
                            + " and " + (i + 1) + "): keep one, right above the pcs block");
                }
                marker = i;
            }
        }
        if (marker < 0 || marker + 1 >= lines.size() || !lines.get(marker + 1).equals("```sh")) {
            throw new IllegalStateException(readme + ": no ```sh block right after a line starting with " + MARKER);
        }
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = marker + 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("```")) {
                if (current.length() > 0) {
                    throw new IllegalStateException(readme + ":" + (i + 1) + ": the block ends inside a continued command");
                }
                return List.copyOf(commands);
            }
            String t = line.strip();
            if (current.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                commands.add(current.append(t).toString().replaceAll(" +", " "));
                current.setLength(0);
            }
        }
        throw new IllegalStateException(readme + ": the pcs block after " + MARKER + " never ends (no closing ```)");
    }
}
