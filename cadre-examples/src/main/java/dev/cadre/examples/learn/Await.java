package dev.cadre.examples.learn;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread will make true: at most 10 s, then fails naming it. */
final class Await {

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after 10 s waiting for: " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for: " + what, e);
            }
        }
    }
}
