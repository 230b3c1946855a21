/**
 * INTERNAL API: the bookkeeping both supervision styles share, written once: the restart window
 * (OTP's intensity in a period, and {@code Restart.withLimit}) and the backoff clock.
 */
package dev.cadre.internal.supervision;
