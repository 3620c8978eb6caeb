package org.colo4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.colo4j.Role;

/**
 * Asks {@link FakeColoExtension} for a started {@link FakeColoNode} as a test (or
 * {@code @BeforeEach}) method parameter.
 *
 * <pre>{@code
 * @ExtendWith(FakeColoExtension.class)
 * class MyPolicyTest {
 *     @Test
 *     void failsOver(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
 *                    @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary) { ... }
 * }
 * }</pre>
 *
 * <p>Within one test, parameters with the same {@link #name()} (by default the role in lower case)
 * get the same node, and must then ask for the same settings. A primary and a secondary of the same test are paired
 * ({@link FakeColoNode#pair}) unless {@link #pair()} is false on either.
 *
 * <p>The nodes are built from the test's {@link org.colo4j.ColoPairSpec} (see
 * {@link FakeColoExtension}): COLO-FT.txt's pair on loopback with its QMP sockets in a temporary
 * directory, so a secondary waits with {@code -incoming defer}, as colo4j's preflight requires, and
 * each node reports that spec's image files ({@code DIR/primary.qcow2}, {@code DIR/secondary-parent.qcow2},
 * {@code DIR/secondary-active.qcow2}, {@code DIR/secondary-hidden.qcow2}). Ask for a
 * {@code ColoPairSpec} parameter to connect colo4j to them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FakeNode {

    /**
     * The role the node starts in.
     *
     * @return primary ({@code prelaunch}) or secondary ({@code inmigrate})
     */
    Role role();

    /**
     * The node's name, which identifies it within the test; empty for the role in lower case.
     *
     * @return e.g. {@code "primary"}
     */
    String name() default "";

    /**
     * The QMP socket kind: the node's endpoint in the test's spec.
     *
     * @return unix socket {@code DIR/NAME.qmp} (default) or TCP on 127.0.0.1 at a free port
     */
    FakeTransport transport() default FakeTransport.UNIX;

    /**
     * The QEMU version the node plays, {@code major.minor.micro}, and its node's {@code qemuVersion}
     * in the test's spec; the paired primary's (else the paired secondary's) is also the spec's
     * {@code qemuVersion}.
     *
     * @return e.g. {@code "8.2.2"}; {@code "7.2.22"} by default
     */
    String version() default "7.2.22";

    /**
     * Whether to pair the node with the test's node of the other role.
     *
     * @return true by default
     */
    boolean pair() default true;

    /**
     * Whether the test's primary and secondary start in COLO ({@link FakeColoNode#startColo}).
     * Needs a paired primary and secondary that both say {@code colo = true}; the pair is brought
     * into COLO as soon as both are created, so {@code @BeforeEach} methods already see it.
     *
     * @return false by default
     */
    boolean colo() default false;

    /**
     * Whether failovers wait for {@link FakeColoNode#completeFailover()}; see
     * {@link FakeColoNode.Builder#manualFailover(boolean)}.
     *
     * @return false by default
     */
    boolean manualFailover() default false;
}
