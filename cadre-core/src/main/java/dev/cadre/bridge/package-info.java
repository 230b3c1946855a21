/**
 * INTERNAL API: the access bridge between the public API and the runtime (see {@link
 * dev.cadre.bridge.Bridge}). Not exported.
 */
package dev.cadre.bridge;
