/**
 * Runnable examples on Cadre's public API ({@code ./cadre example NAME}): the kitchen
 * ({@link dev.cadre.examples.Demo}), the four supervision lessons
 * ({@link dev.cadre.examples.SupervisionExamples}), and rough ping-pong and fan-in figures.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.examples;

import org.jspecify.annotations.NullMarked;
