package org.colo4j.qmp;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of colo-qmp's own tests: it keeps every record at DEBUG and above (logger,
 * level, thread, message, throwable) so that tests can check what the client logs, where, and on
 * which thread. Registered through {@code META-INF/services}; TRACE stays off so that the wire is
 * not rendered to text in tests that send megabytes.
 */
final class CapturedLogs {

    /** One log call. */
    record Entry(String logger, Level level, String thread, String message, Throwable throwable) {}

    private static final List<Entry> ENTRIES = new CopyOnWriteArrayList<>();

    private CapturedLogs() {}

    /** Every record so far that matches {@code which}. */
    static List<Entry> matching(Predicate<Entry> which) {
        return ENTRIES.stream().filter(which).toList();
    }

    /** The SLF4J 2 service provider. */
    public static final class Provider implements SLF4JServiceProvider {
        private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
        private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Capturing::new);
        private final IMarkerFactory markers = new BasicMarkerFactory();
        private final MDCAdapter mdc = new NOPMDCAdapter();

        @Override
        public ILoggerFactory getLoggerFactory() {
            return factory;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return "2.0.99";
        }

        @Override
        public void initialize() {
            // nothing to set up
        }
    }

    private static final class Capturing extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Capturing(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            if (level == Level.TRACE) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            ENTRIES.add(new Entry(name, level, Thread.currentThread().getName(), message, throwable));
        }
    }
}
