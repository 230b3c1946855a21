/**
 * INTERNAL API: the threads that run actors in production: a FIFO {@link java.util.concurrent.ForkJoinPool}
 * made fair to outside submissions. (Virtual-thread actors and the timer thread are set up by
 * {@code dev.cadre.internal.runtime.RealEnvironment}, the production side of the test seam.)
 */
package dev.cadre.internal.dispatch;
