package org.colo4j.qmp.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpJson;
import org.junit.jupiter.api.Test;

/** Each command's name and returnType() agree with its declared QmpCommand&lt;R&gt;, and every command is listed. */
class ReturnTypeTest {

    static final List<QmpCommand<?>> ALL = List.of(QmpCapabilities.none(), new QueryStatus(), new QueryVersion(),
            new QueryCommands(), new QueryQmpSchema(), new QueryMigrate(), new QueryColoStatus(), new Migrate("tcp:h:1"),
            MigrateSetCapabilities.enable("x-colo"), MigrateSetParameters.checkpointDelay(java.time.Duration.ofSeconds(1)),
            new MigrateIncoming("tcp:0:1"), NbdServerStart.of(SocketAddressLegacy.unix("/s")), new NbdServerStop(),
            new NbdServerAdd("d", null, null), BlockExportAdd.nbd("e", "n", "n", true), BlockExportDel.of("e"),
            BlockdevAdd.of(Map.of("driver", "null-co", "node-name", "n")), new BlockdevDel("n"),
            XBlockdevChange.addNode("p", "n"), DriveMirror.toExisting("j", "d", "t", "raw"),
            BlockdevMirror.full("j", "d", "t"), BlockJobCancel.of("j"), new BlockJobComplete("j"), new QueryBlock(),
            QueryNamedBlockNodes.all(), new XDebugQueryBlockGraph(), new QueryBlockJobs(), ObjectAdd.of("iothread", "i"),
            ObjectAdd.of("iothread", "i").legacy(), new ObjectDel("i"),
            ChardevAdd.socket("c", ChardevSocket.server(SocketAddressLegacy.unix("/c"))), new ChardevRemove("c"),
            new QueryChardev(), HumanMonitorCommand.of("info status"), new XColoLostHeartbeat(), new Stop(), new Cont(),
            new Quit(), Yank.of(YankInstance.migration()), new QueryYank(), new GetFd("f"), new CloseFd("f"),
            AddFd.toNewSet(), RemoveFd.set(1), new QomList("/"), new QomGet("/", "type"));

    @Test
    void returnTypeMatchesDeclaredType() {
        for (QmpCommand<?> command : ALL) {
            Type declared = declaredReturn(command.getClass());
            String expected;
            if (declared == Void.class) {
                expected = "QmpReturn.none()";
            } else if (declared == com.fasterxml.jackson.databind.JsonNode.class) {
                expected = "QmpReturn.raw()";
            } else if (declared instanceof Class<?> c) {
                expected = "QmpReturn.of(" + c.getSimpleName() + ")";
            } else {
                expected = "QmpReturn.of(" + declared.getTypeName() + ")";
            }
            assertThat(command.returnType().toString()).as(command.commandName()).isEqualTo(expected);
            assertThat(command.returnType()).as("constant, not rebuilt per call").isSameAs(command.returnType());
        }
    }

    @Test
    void everyCommandRendersItsName() {
        for (QmpCommand<?> command : ALL) {
            assertThat(QmpJson.commandNode(command).get("execute").asText()).isEqualTo(command.commandName());
        }
    }

    @Test
    void everyCommandRecordOfThePackageIsListed() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(QueryStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/colo4j/qmp/command");
        List<String> commandClasses;
        try (Stream<Path> files = Files.list(dir)) {
            commandClasses = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> "org.colo4j.qmp.command." + n.substring(0, n.length() - 6))
                    .filter(ReturnTypeTest::isCommand)
                    .toList();
        }
        assertThat(ALL.stream().map(c -> c.getClass().getName()).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(commandClasses);
        assertThat(commandClasses).hasSize(46);
    }

    private static boolean isCommand(String className) {
        try {
            return QmpCommand.class.isAssignableFrom(Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Type declaredReturn(Class<?> type) {
        for (Type t : type.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == QmpCommand.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new AssertionError(type + " does not implement QmpCommand<R>");
    }
}
