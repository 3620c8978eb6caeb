package org.colo4j.netfilter;

/**
 * The four TCP ports of one NIC's proxy. All four are listened on by the primary; the secondary only
 * connects (to {@link #mirror()} and {@link #secondaryIn()}). Checked when the {@link ColoProxy} is
 * built: integers from 1 to 65535, none used twice on the primary's host.
 *
 * @param mirror the primary's {@code mirror0} listens here; the secondary's {@code red0} connects
 *     (COLO-FT.txt: 9003)
 * @param secondaryIn the primary's {@code compare1} (colo-compare's secondary_in) listens here; the
 *     secondary's {@code red1} connects (9004)
 * @param primaryIn loopback pair {@code compare0} (server) / {@code compare0-0} (client), carrying the
 *     primary's packets from {@code redire1} to colo-compare (9001)
 * @param compareOut loopback pair {@code compare_out} (server) / {@code compare_out0} (client),
 *     carrying compared packets from colo-compare to {@code redire0} (9005)
 */
public record ProxyPorts(int mirror, int secondaryIn, int primaryIn, int compareOut) {

    /** The ports of COLO-FT.txt: mirror 9003, secondary_in 9004, primary_in 9001, compare out 9005. */
    public static ProxyPorts reference() {
        return new ProxyPorts(9003, 9004, 9001, 9005);
    }

    @Override
    public String toString() {
        return "mirror=" + mirror + " secondaryIn=" + secondaryIn + " primaryIn=" + primaryIn + " compareOut=" + compareOut;
    }
}
