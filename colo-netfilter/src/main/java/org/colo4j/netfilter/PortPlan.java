package org.colo4j.netfilter;

/**
 * How ports are handed to NICs that do not give their own {@link ProxyPorts}: NIC {@code i} gets a
 * block of five ports starting at {@code basePort + i * stride}; offsets 0, 2, 3 and 4 of the block
 * are primary_in, mirror, secondary_in and compare out (offset 1 is left free), which with the
 * default base 9001 reproduces COLO-FT.txt's 9001/9003/9004/9005 for the first NIC.
 *
 * <p>Checked when the {@link ColoProxy} is built: the stride must be at least 5 so blocks do not
 * overlap, and every generated port must be at most 65535.
 *
 * @param basePort first port of NIC 0's block
 * @param stride distance between consecutive NICs' blocks
 */
public record PortPlan(int basePort, int stride) {

    /** The smallest stride that keeps NICs' blocks apart. */
    public static final int MIN_STRIDE = 5;

    /** Base 9001, stride 10: NIC 0 gets COLO-FT.txt's ports, NIC 1 gets 9011/9013/9014/9015, ... */
    public static PortPlan defaults() {
        return new PortPlan(9001, 10);
    }

    /** Shorthand for {@code new PortPlan(basePort, stride)}. */
    public static PortPlan of(int basePort, int stride) {
        return new PortPlan(basePort, stride);
    }

    /** The ports of NIC {@code index} (0-based). Values are not range-checked here. */
    public ProxyPorts portsFor(int index) {
        int b = basePort + index * stride;
        return new ProxyPorts(b + 2, b + 3, b, b + 4);
    }

    @Override
    public String toString() {
        return "ports from " + basePort + " every " + stride;
    }
}
