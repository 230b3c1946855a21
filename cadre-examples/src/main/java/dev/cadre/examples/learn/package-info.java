/**
 * The learning path's runnable examples: {@code ./cadre learn N} runs step N
 * ({@link dev.cadre.examples.learn.Learn}); each step's class holds the code its page
 * ({@code docs/learn}) shows, and its test proves the page's claims.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.examples.learn;

import org.jspecify.annotations.NullMarked;
