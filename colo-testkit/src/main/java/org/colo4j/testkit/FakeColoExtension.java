package org.colo4j.testkit;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.colo4j.ColoNode;
import org.colo4j.ColoPairSpec;
import org.colo4j.LoopbackPorts;
import org.colo4j.Role;
import org.colo4j.qmp.QemuVersion;
import org.colo4j.qmp.QmpEndpoint;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that injects started fakes into test and {@code @BeforeEach} method
 * parameters and closes them after each test: {@link FakeColoNode} parameters annotated with
 * {@link FakeNode}, the {@link ColoPairSpec} those nodes were built from, and plain
 * {@link FakeQmpServer} parameters (default settings).
 *
 * <pre>{@code
 * @ExtendWith(FakeColoExtension.class)
 * class FailoverPolicyTest {
 *     @Test
 *     void primaryTakesOverWhenTheSecondaryFails(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
 *                                                @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary,
 *                                                ColoPairSpec spec) {
 *         try (ColoPair pair = ColoPair.connect(spec)) {     // the fakes listen at the spec's endpoints
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>The test's spec</h2>
 * Each test gets one spec, {@link FakeColoPair#loopbackSpec(java.nio.file.Path)} in a fresh
 * temporary directory, adjusted to the test's paired {@code @FakeNode}s (those with
 * {@code pair = true}, as declared on the method whose parameters are resolved first or on the test
 * method): their names ({@code primary} and {@code secondary} by default), their QMP transport
 * (unix socket {@code DIR/NAME.qmp}, or TCP on 127.0.0.1 at a free port) and their QEMU versions
 * (the spec's {@code qemuVersion} is the primary's, each node's own {@code qemuVersion} its
 * {@link FakeNode#version()}, so each is rendered for the release it plays). The paired nodes are built from it ({@link FakeColoNode#builder(ColoPairSpec, org.colo4j.Role)}),
 * so colo4j's preflight accepts them (the secondary starts with {@code -incoming defer}) and their
 * images are the spec's; a {@code ColoPairSpec} parameter receives it. A node with
 * {@code pair = false} is built from the same spec with its own name and QMP endpoint.
 *
 * <p>Nodes are created when first asked for, paired as {@link FakeNode} describes, and closed
 * (sockets, threads, temporary files) after the test, even when it fails. Parallel tests each get
 * their own nodes and spec.
 */
public final class FakeColoExtension implements ParameterResolver, BeforeTestExecutionCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeColoExtension.class);

    /** The fakes of one test, closed with it (JUnit closes an AutoCloseable store value with its context). */
    private static final class Fakes implements AutoCloseable {
        final Map<String, FakeColoNode> nodes = new LinkedHashMap<>();
        final Map<String, FakeNode> settings = new LinkedHashMap<>();
        final List<FakeQmpServer> servers = new ArrayList<>();
        Path dir;
        ColoPairSpec spec;

        @Override
        public synchronized void close() {
            nodes.values().forEach(FakeColoNode::close);
            servers.forEach(FakeQmpServer::close);
            nodes.clear();
            servers.clear();
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // best effort: the directory is in the system's temporary folder
                }
                dir = null;
            }
        }
    }

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public FakeColoExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == FakeColoNode.class && parameter.isAnnotated(FakeNode.class)) || type == FakeQmpServer.class
                || type == ColoPairSpec.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Fakes fakes = fakes(context);
        if (parameter.getParameter().getType() == FakeQmpServer.class) {
            FakeQmpServer server = FakeQmpServer.start();
            synchronized (fakes) {
                fakes.servers.add(server);
            }
            return server;
        }
        if (parameter.getParameter().getType() == ColoPairSpec.class) {
            synchronized (fakes) {
                return testSpec(fakes, parameter, context);
            }
        }
        FakeNode spec = parameter.findAnnotation(FakeNode.class).orElseThrow();
        String name = spec.name().isEmpty() ? spec.role().name().toLowerCase(Locale.ROOT) : spec.name();
        synchronized (fakes) {
            FakeColoNode existing = fakes.nodes.get(name);
            if (existing != null) {
                if (!sameSettings(fakes.settings.get(name), spec)) {
                    throw new ParameterResolutionException("@FakeNode '" + name + "' is asked for twice in "
                            + context.getDisplayName() + " with different settings (" + fakes.settings.get(name) + " and "
                            + spec + "): parameters with the same name get the same node, so give the same settings"
                            + " or another name");
                }
                return existing;
            }
            FakeColoNode node;
            try {
                node = FakeColoNode.builder(nodeSpec(fakes, spec, name, parameter, context), spec.role())
                        .version(QemuVersion.parse(spec.version())).manualFailover(spec.manualFailover()).build();
            } catch (ParameterResolutionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ParameterResolutionException("cannot start @FakeNode " + name + ": " + e.getMessage(), e);
            }
            fakes.nodes.put(name, node);
            fakes.settings.put(name, spec);
            pairAndStart(fakes, context);
            return node;
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Fakes fakes = context.getStore(NAMESPACE).get(Fakes.class, Fakes.class);
        if (fakes == null) {
            return;
        }
        synchronized (fakes) {
            for (Map.Entry<String, FakeNode> e : fakes.settings.entrySet()) {
                if (e.getValue().colo() && fakes.nodes.get(e.getKey()).peer() == null) {
                    throw new IllegalStateException("@FakeNode " + e.getKey() + " says colo = true but has no "
                            + (e.getValue().role() == Role.PRIMARY ? "secondary" : "primary")
                            + " to pair with in " + context.getDisplayName()
                            + ": add a @FakeNode parameter of the other role with pair = true and colo = true");
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fakes fakes = context.getStore(NAMESPACE).get(Fakes.class, Fakes.class);
        if (fakes != null) {
            fakes.close();
        }
    }

    /**
     * The spec {@code node} is built from: the test's spec if it is the test's paired node of its
     * role, else the test's spec with the node's own name and QMP endpoint.
     */
    private static ColoPairSpec nodeSpec(Fakes fakes, FakeNode node, String name, ParameterContext parameter,
                                         ExtensionContext context) {
        ColoPairSpec spec = testSpec(fakes, parameter, context);
        Role role = node.role();
        ColoNode inSpec = spec.node(role);
        boolean same = inSpec.name().equals(name) && transportOf(inSpec.qmp()) == node.transport();
        if (same && node.pair()) {
            return spec;
        }
        if (node.pair() && fakes.settings.values().stream().noneMatch(s -> s.pair() && s.role() == role)) {
            throw new ParameterResolutionException("@FakeNode " + name + " is the paired " + role + " of "
                    + context.getDisplayName() + ", but the test's spec was made before it was seen, for a " + role
                    + " named '" + inSpec.name() + "' over " + transportOf(inSpec.qmp()) + ": declare the paired"
                    + " @FakeNodes on the test method (or on the @BeforeEach method that asks first)");
        }
        ColoNode own = inSpec.toBuilder().name(name).qmp(endpoint(fakes, name, node.transport()))
                .qemuVersion(QemuVersion.parse(node.version())).build();
        return role == Role.PRIMARY ? spec.toBuilder().primary(own).build() : spec.toBuilder().secondary(own).build();
    }

    /** The test's spec, made on first use from the paired {@code @FakeNode}s this test declares. */
    private static ColoPairSpec testSpec(Fakes fakes, ParameterContext parameter, ExtensionContext context) {
        if (fakes.spec != null) {
            return fakes.spec;
        }
        Map<Role, FakeNode> paired = new EnumMap<>(Role.class);
        List<Parameter> declared = new ArrayList<>(List.of(parameter.getDeclaringExecutable().getParameters()));
        context.getTestMethod().ifPresent(m -> declared.addAll(List.of(m.getParameters())));
        for (Parameter p : declared) {
            FakeNode a = p.getAnnotation(FakeNode.class);
            if (a != null && a.pair() && p.getType() == FakeColoNode.class) {
                paired.putIfAbsent(a.role(), a);
            }
        }
        try {
            fakes.dir = Files.createTempDirectory("colo4j-fakes-");
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot create a temporary directory for the fakes of "
                    + context.getDisplayName() + ": " + e.getMessage(), e);
        }
        ColoPairSpec base = FakeColoPair.loopbackSpec(fakes.dir);
        ColoPairSpec.Builder b = base.toBuilder();
        for (Role role : Role.values()) {
            FakeNode a = paired.get(role);
            String name = a == null || a.name().isEmpty() ? role.name().toLowerCase(Locale.ROOT) : a.name();
            ColoNode.Builder nb = base.node(role).toBuilder().name(name)
                    .qmp(endpoint(fakes, name, a == null ? FakeTransport.UNIX : a.transport()));
            if (a != null) {
                nb.qemuVersion(QemuVersion.parse(a.version())); // each node rendered for the QEMU it plays
            }
            ColoNode n = nb.build();
            if (role == Role.PRIMARY) {
                b.primary(n);
            } else {
                b.secondary(n);
            }
        }
        FakeNode versioned = paired.getOrDefault(Role.PRIMARY, paired.get(Role.SECONDARY));
        if (versioned != null) {
            b.qemuVersion(QemuVersion.parse(versioned.version()));
        }
        try {
            fakes.spec = b.build();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot make the spec of the @FakeNodes of " + context.getDisplayName()
                    + ": " + e.getMessage(), e);
        }
        return fakes.spec;
    }

    private static QmpEndpoint endpoint(Fakes fakes, String name, FakeTransport transport) {
        return transport == FakeTransport.TCP ? QmpEndpoint.tcp("127.0.0.1", LoopbackPorts.freePort())
                : QmpEndpoint.unix(fakes.dir.resolve(name + ".qmp"));
    }

    private static FakeTransport transportOf(QmpEndpoint endpoint) {
        return endpoint instanceof QmpEndpoint.Tcp ? FakeTransport.TCP : FakeTransport.UNIX;
    }

    private static boolean sameSettings(FakeNode a, FakeNode b) {
        return a.role() == b.role() && a.transport() == b.transport() && a.version().equals(b.version())
                && a.pair() == b.pair() && a.colo() == b.colo() && a.manualFailover() == b.manualFailover();
    }

    private static Fakes fakes(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(Fakes.class, k -> new Fakes(), Fakes.class);
    }

    private static void pairAndStart(Fakes fakes, ExtensionContext context) {
        List<String> primaries = new ArrayList<>();
        List<String> secondaries = new ArrayList<>();
        fakes.settings.forEach((name, spec) -> {
            if (spec.pair()) {
                (spec.role() == Role.PRIMARY ? primaries : secondaries).add(name);
            }
        });
        if (primaries.size() != 1 || secondaries.size() != 1) {
            if (primaries.size() > 1 || secondaries.size() > 1) {
                throw new ParameterResolutionException("cannot pair the @FakeNodes of " + context.getDisplayName()
                        + ": primaries " + primaries + ", secondaries " + secondaries
                        + "; set pair = false on all but one of each role and pair the rest with FakeColoNode.pair");
            }
            return;
        }
        FakeColoNode p = fakes.nodes.get(primaries.get(0));
        FakeColoNode s = fakes.nodes.get(secondaries.get(0));
        if (p.peer() == s) {
            return;
        }
        FakeColoNode.pair(p, s);
        boolean colo = fakes.settings.get(primaries.get(0)).colo() && fakes.settings.get(secondaries.get(0)).colo();
        if (colo) {
            try {
                FakeColoNode.startColo(p, s);
            } catch (RuntimeException e) {
                throw new ParameterResolutionException("cannot bring the @FakeNodes of " + context.getDisplayName()
                        + " into COLO: " + e.getMessage(), e);
            }
        }
    }
}
