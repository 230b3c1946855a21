/**
 * The live dashboard and its JSON view, served by the application itself. Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.cadre.observe.web;

import org.jspecify.annotations.NullMarked;
