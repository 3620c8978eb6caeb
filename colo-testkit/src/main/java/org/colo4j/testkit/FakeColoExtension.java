package org.colo4j.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colo4j.qmp.QemuVersion;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that injects started fakes into test and {@code @BeforeEach} method
 * parameters and closes them after each test: {@link FakeColoNode} parameters annotated with
 * {@link FakeNode}, and plain {@link FakeQmpServer} parameters (default settings).
 *
 * <pre>{@code
 * @ExtendWith(FakeColoExtension.class)
 * class FailoverPolicyTest {
 *     @Test
 *     void primaryTakesOverWhenTheSecondaryFails(@FakeNode(role = PRIMARY, colo = true) FakeColoNode primary,
 *                                                @FakeNode(role = SECONDARY, colo = true) FakeColoNode secondary) {
 *         try (QmpClient p = primary.connect(); QmpClient s = secondary.connect()) {
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Nodes are created when first asked for, paired as {@link FakeNode} describes, and closed
 * (sockets, threads, temporary files) after the test, even when it fails. Parallel tests each get
 * their own nodes.
 */
public final class FakeColoExtension implements ParameterResolver, BeforeTestExecutionCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeColoExtension.class);

    /** The fakes of one test, closed with it (JUnit closes an AutoCloseable store value with its context). */
    private static final class Fakes implements AutoCloseable {
        final Map<String, FakeColoNode> nodes = new LinkedHashMap<>();
        final Map<String, FakeNode> settings = new LinkedHashMap<>();
        final List<FakeQmpServer> servers = new ArrayList<>();

        @Override
        public synchronized void close() {
            nodes.values().forEach(FakeColoNode::close);
            servers.forEach(FakeQmpServer::close);
            nodes.clear();
            servers.clear();
        }
    }

    /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
    public FakeColoExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == FakeColoNode.class && parameter.isAnnotated(FakeNode.class)) || type == FakeQmpServer.class;
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
                node = FakeColoNode.builder(spec.role()).name(name).transport(spec.transport())
                        .version(QemuVersion.parse(spec.version())).manualFailover(spec.manualFailover()).build();
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
                            + (e.getValue().role() == ColoRole.PRIMARY ? "secondary" : "primary")
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
                (spec.role() == ColoRole.PRIMARY ? primaries : secondaries).add(name);
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
