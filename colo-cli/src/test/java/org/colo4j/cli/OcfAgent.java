package org.colo4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the OCF agent {@code ocf/colo4j} as Pacemaker would: one action, parameters in
 * {@code OCF_RESKEY_*}, with {@code colo4j} the given command. Returns its exit code and output.
 */
final class OcfAgent {

    static final Path AGENT = Path.of("ocf/colo4j").toAbsolutePath();

    record Result(int code, String out, String err) {}

    private final Map<String, String> env;

    OcfAgent(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * A {@code colo4j} command for the agent that runs this test's classes in a new JVM (the
     * launcher itself is only built at package time).
     */
    static Path testLauncher(Path dir) throws IOException {
        Path script = dir.resolve("colo4j-test");
        String cp = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + cp
                + "' org.colo4j.cli.Colo4j \"$@\"\n", StandardCharsets.UTF_8);
        script.toFile().setExecutable(true);
        return script;
    }

    Result run(String action, String... extraEnv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", AGENT.toString(), action));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            pb.environment().put(extraEnv[i], extraEnv[i + 1]);
        }
        Path out = Files.createTempFile("ocf-out", ".txt");
        Path err = Files.createTempFile("ocf-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the agent's " + action + " did not end within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
