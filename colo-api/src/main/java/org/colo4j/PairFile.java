package org.colo4j;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colo4j.PairFileException.Located;

/**
 * Pair files on disk: the format by the file's extension ({@code .json}; {@code .yaml} or
 * {@code .yml}), reading with every problem located, and writing through a temporary file that
 * replaces the target in one move.
 */
final class PairFile {

    /** The mappers, built on the first write only: reading streams through a parser (a CLI call reads). */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        static final ObjectMapper YAML = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
    }

    private PairFile() {}

    /** Whether {@code file} names a YAML file; a problem naming the file when it is neither YAML nor JSON. */
    private static boolean yaml(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return true;
        }
        if (name.endsWith(".json")) {
            return false;
        }
        throw PairFileException.of(file, "(file)", "has no pair file extension: name it .json, .yaml or .yml (the"
                + " extension decides the format)");
    }

    static ColoPairSpec read(Path file) {
        JsonFactory factory = yaml(file) ? new YAMLFactory() : new JsonFactory();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PairFileException.of(file, "(file)", "cannot be read: " + e);
        }
        List<Located> problems = new ArrayList<>();
        PairTree.Node root;
        try {
            root = PairTree.parse(factory, text, problems, "");
        } catch (PairTree.EmptyFileException e) {
            throw PairFileException.of(file, "(file)", "is empty: a pair file is one object with primary, secondary,"
                    + " disks and nics");
        } catch (JsonProcessingException e) {
            PairTree.At at = PairTree.At.of(e.getLocation());
            throw new PairFileException(file, List.of(new Located(new ColoProblem("(syntax)", "is not valid "
                    + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage().strip()),
                    at.line(), at.column())));
        } catch (IOException e) {
            throw PairFileException.of(file, "(file)", "cannot be read: " + e);
        }
        return PairFileReader.read(file, root, problems);
    }

    static void write(ColoPairSpec spec, Path file) {
        boolean yaml = yaml(file);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            byte[] bytes = (yaml ? Mappers.YAML : Mappers.JSON).writeValueAsBytes(PairFileWriter.tree(spec));
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.write(tmp, yaml ? bytes : withNewline(bytes));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write failed already; that is what is reported
                }
            }
            throw PairFileException.of(file, "(file)", "cannot be written: " + e);
        }
    }

    private static byte[] withNewline(byte[] json) {
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }
}
