/**
 * Testing tools for Cadre actors: {@link dev.cadre.testkit.ActorTestKit} (real or deterministic
 * runs), {@link dev.cadre.testkit.TestProbe}, {@link dev.cadre.testkit.BehaviorTestKit}, fault
 * injection and schedule exploration, and the JUnit 5 {@link dev.cadre.testkit.CadreExtension}.
 * Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.testkit;

import org.jspecify.annotations.NullMarked;
