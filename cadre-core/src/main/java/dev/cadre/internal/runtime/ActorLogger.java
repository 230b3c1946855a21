package dev.cadre.internal.runtime;

import java.io.Serial;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

/**
 * INTERNAL API. An actor's logger: delegates to an SLF4J logger, prefixing each line with the
 * actor's path. Created lazily, held by the cell, so it costs nothing for actors that never log.
 */
final class ActorLogger extends AbstractLogger {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient Logger delegate;
    private final String prefix;

    ActorLogger(Logger delegate, String path) {
        this.delegate = delegate;
        this.name = delegate.getName();
        this.prefix = "[" + path + "] ";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
            Throwable t) {
        String p = prefix + pattern;
        Object[] a = args == null ? new Object[0] : args;
        if (t != null) {
            a = Arrays.copyOf(a, a.length + 1);
            a[a.length - 1] = t;
        }
        switch (level) {
            case ERROR -> delegate.error(marker, p, a);
            case WARN -> delegate.warn(marker, p, a);
            case INFO -> delegate.info(marker, p, a);
            case DEBUG -> delegate.debug(marker, p, a);
            case TRACE -> delegate.trace(marker, p, a);
        }
    }

    @Override public boolean isTraceEnabled() { return delegate.isTraceEnabled(); }
    @Override public boolean isTraceEnabled(Marker m) { return delegate.isTraceEnabled(m); }
    @Override public boolean isDebugEnabled() { return delegate.isDebugEnabled(); }
    @Override public boolean isDebugEnabled(Marker m) { return delegate.isDebugEnabled(m); }
    @Override public boolean isInfoEnabled() { return delegate.isInfoEnabled(); }
    @Override public boolean isInfoEnabled(Marker m) { return delegate.isInfoEnabled(m); }
    @Override public boolean isWarnEnabled() { return delegate.isWarnEnabled(); }
    @Override public boolean isWarnEnabled(Marker m) { return delegate.isWarnEnabled(m); }
    @Override public boolean isErrorEnabled() { return delegate.isErrorEnabled(); }
    @Override public boolean isErrorEnabled(Marker m) { return delegate.isErrorEnabled(m); }
}
