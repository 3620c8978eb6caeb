package org.colo4j.netfilter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ids of one NIC's proxy parts on both nodes. {@link #reference()} gives COLO-FT.txt's names,
 * which the first NIC gets by default; {@link #forNic(int)} prefixes them for further NICs
 * ({@code nic1-mirror0}, {@code nic1-comp0}, ...).
 *
 * @param mirrorOut primary chardev the mirror writes to ({@code mirror0})
 * @param secondaryIn primary chardev colo-compare reads the secondary's packets from ({@code compare1})
 * @param primaryInServer primary loopback server written by redire1 ({@code compare0})
 * @param primaryInClient primary loopback client read by colo-compare ({@code compare0-0})
 * @param compareOutServer primary loopback server read by redire0 ({@code compare_out})
 * @param compareOutClient primary loopback client written by colo-compare ({@code compare_out0})
 * @param mirror primary filter-mirror ({@code m0})
 * @param releaseRedirector primary redirector injecting compared packets ({@code redire0})
 * @param compareRedirector primary redirector feeding colo-compare ({@code redire1})
 * @param iothread primary iothread ({@code iothread1})
 * @param compare primary colo-compare ({@code comp0})
 * @param mirrorIn secondary chardev receiving the mirrored packets ({@code red0})
 * @param secondaryOut secondary chardev sending its packets to compare ({@code red1})
 * @param injectRedirector secondary redirector injecting mirrored packets ({@code f1})
 * @param outputRedirector secondary redirector sending the guest's output ({@code f2})
 * @param rewriter secondary filter-rewriter ({@code rew0})
 */
public record ProxyIds(String mirrorOut, String secondaryIn, String primaryInServer, String primaryInClient,
        String compareOutServer, String compareOutClient, String mirror, String releaseRedirector,
        String compareRedirector, String iothread, String compare, String mirrorIn, String secondaryOut,
        String injectRedirector, String outputRedirector, String rewriter) {

    private static final ProxyIds REFERENCE = new ProxyIds("mirror0", "compare1", "compare0", "compare0-0",
            "compare_out", "compare_out0", "m0", "redire0", "redire1", "iothread1", "comp0", "red0", "red1", "f1",
            "f2", "rew0");

    public ProxyIds {
        Objects.requireNonNull(mirrorOut, "mirrorOut");
        Objects.requireNonNull(secondaryIn, "secondaryIn");
        Objects.requireNonNull(primaryInServer, "primaryInServer");
        Objects.requireNonNull(primaryInClient, "primaryInClient");
        Objects.requireNonNull(compareOutServer, "compareOutServer");
        Objects.requireNonNull(compareOutClient, "compareOutClient");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(releaseRedirector, "releaseRedirector");
        Objects.requireNonNull(compareRedirector, "compareRedirector");
        Objects.requireNonNull(iothread, "iothread");
        Objects.requireNonNull(compare, "compare");
        Objects.requireNonNull(mirrorIn, "mirrorIn");
        Objects.requireNonNull(secondaryOut, "secondaryOut");
        Objects.requireNonNull(injectRedirector, "injectRedirector");
        Objects.requireNonNull(outputRedirector, "outputRedirector");
        Objects.requireNonNull(rewriter, "rewriter");
    }

    /** COLO-FT.txt's ids. */
    public static ProxyIds reference() {
        return REFERENCE;
    }

    /** COLO-FT.txt's ids with {@code prefix} in front of each. */
    public static ProxyIds prefixed(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ProxyIds r = REFERENCE;
        return new ProxyIds(prefix + r.mirrorOut, prefix + r.secondaryIn, prefix + r.primaryInServer,
                prefix + r.primaryInClient, prefix + r.compareOutServer, prefix + r.compareOutClient,
                prefix + r.mirror, prefix + r.releaseRedirector, prefix + r.compareRedirector, prefix + r.iothread,
                prefix + r.compare, prefix + r.mirrorIn, prefix + r.secondaryOut, prefix + r.injectRedirector,
                prefix + r.outputRedirector, prefix + r.rewriter);
    }

    /** The default ids of NIC {@code index}: {@link #reference()} for 0, {@code prefixed("nic<i>-")} after. */
    public static ProxyIds forNic(int index) {
        return index == 0 ? REFERENCE : prefixed("nic" + index + "-");
    }

    /** Every id by component name, in declaration order (for validation messages). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mirrorOut", mirrorOut);
        m.put("secondaryIn", secondaryIn);
        m.put("primaryInServer", primaryInServer);
        m.put("primaryInClient", primaryInClient);
        m.put("compareOutServer", compareOutServer);
        m.put("compareOutClient", compareOutClient);
        m.put("mirror", mirror);
        m.put("releaseRedirector", releaseRedirector);
        m.put("compareRedirector", compareRedirector);
        m.put("iothread", iothread);
        m.put("compare", compare);
        m.put("mirrorIn", mirrorIn);
        m.put("secondaryOut", secondaryOut);
        m.put("injectRedirector", injectRedirector);
        m.put("outputRedirector", outputRedirector);
        m.put("rewriter", rewriter);
        return m;
    }
}
