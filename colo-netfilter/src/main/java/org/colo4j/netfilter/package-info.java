/**
 * The COLO proxy: the socket chardevs, net filters ({@code filter-mirror}, {@code filter-redirector},
 * {@code filter-rewriter}), iothreads and {@code colo-compare} objects that let COLO compare the
 * primary's and the secondary's network output.
 *
 * <p>Two levels:
 * <ul>
 *   <li>{@link org.colo4j.netfilter.ColoProxy}: the standard layout of QEMU's docs/COLO-FT.txt for
 *       one or several guest NICs ({@link org.colo4j.netfilter.ProxyNic}), ids and ports generated
 *       from a {@link org.colo4j.netfilter.PortPlan} unless given, validated as a pair.</li>
 *   <li>{@link org.colo4j.netfilter.NodeProxy}: everything one QEMU needs, as typed values
 *       ({@link org.colo4j.netfilter.SocketChardev}, {@link org.colo4j.netfilter.ProxyObject}),
 *       for custom layouts; {@link org.colo4j.netfilter.ColoProxy#of} validates a custom pair.</li>
 * </ul>
 * Rendering is separate from the model: {@link org.colo4j.netfilter.ProxyArgvRenderer} gives the
 * {@code -chardev}/{@code -object} options, {@link org.colo4j.netfilter.ProxyPlans} the QMP
 * sequences (failover teardown, promotion, resume). Both are deterministic and pick the QEMU
 * dialect from a {@link org.colo4j.qmp.QemuVersion}.
 *
 * <pre>{@code
 * ColoProxy proxy = ColoProxy.builder()
 *     .primaryAddress("10.0.0.1")
 *     .nic(ProxyNic.builder().netdev("hn0").build())
 *     .build();                                   // throws NetfilterValidationException listing every problem
 * List<String> argv = ProxyArgvRenderer.forVersion(QemuVersion.of(7, 2, 0)).render(proxy.primary());
 * }</pre>
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package org.colo4j.netfilter;
