package org.colo4j.qmp.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.colo4j.qmp.QmpCommand;
import org.colo4j.qmp.QmpReturn;

/**
 * {@code human-monitor-command}: runs an HMP command and returns its text output.
 *
 * <p>COLO uses HMP where QMP has no equivalent: COLO-FT.txt's {@code drive_add -n buddy
 * driver=replication,...} and {@code drive_del replication0}, and colo4j's guest-free data checks
 * {@code qemu-io colo-disk0 "write -P 0xab 0 1M"}. HMP errors come back as ordinary output, not as
 * QMP errors: callers must read the text. Output lines end in {@code \r\n}.
 *
 * @param commandLine the HMP command line (QMP {@code command-line})
 * @param cpuIndex the CPU that CPU-specific commands act on (QMP {@code cpu-index}); nullable
 */
@JsonPropertyOrder({"command-line", "cpu-index"})
public record HumanMonitorCommand(
        @JsonProperty("command-line") String commandLine,
        @JsonProperty("cpu-index") Integer cpuIndex) implements QmpCommand<String> {

    private static final QmpReturn<String> RETURN = QmpReturn.of(String.class);

    public HumanMonitorCommand {
        Args.text(commandLine, "commandLine");
        if (cpuIndex != null && cpuIndex < 0) {
            throw new IllegalArgumentException("cpuIndex must not be negative, got " + cpuIndex);
        }
    }

    /** The command line on the default CPU, e.g. {@code of("info status")}. */
    public static HumanMonitorCommand of(String commandLine) {
        return new HumanMonitorCommand(commandLine, null);
    }

    @Override
    public String commandName() {
        return "human-monitor-command";
    }

    @Override
    public QmpReturn<String> returnType() {
        return RETURN;
    }
}
