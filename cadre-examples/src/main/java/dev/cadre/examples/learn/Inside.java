package dev.cadre.examples.learn;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Instrumentation for the lessons, not part of any actor's logic: counts how many threads are
 * inside a handler at the same moment (the most ever seen) and which threads ran it. Thread-safe.
 */
final class Inside {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    /** Call first thing in the handler. */
    public void enter() {
        max.accumulateAndGet(now.incrementAndGet(), Math::max);
        threads.add(Thread.currentThread().getName());
    }

    /** Call last thing in the handler (in a {@code finally}). */
    public void exit() {
        now.decrementAndGet();
    }

    /** {@return the most threads ever inside at once} */
    public int max() {
        return max.get();
    }

    /** {@return the names of the threads that ran the handler, sorted} */
    public Set<String> threads() {
        return new TreeSet<>(threads);
    }
}
