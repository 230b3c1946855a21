/**
 * Cadre's runtime: typed actors, mailboxes, dispatch, ask, watch and dead letters.
 *
 * <p>The public API is the package {@code dev.cadre.actor}. Everything under
 * {@code dev.cadre.internal} is implementation and may change without notice.
 */
module dev.cadre.core {
    requires transitive org.slf4j;

    exports dev.cadre.actor;
    // the testkit replaces time, delayed tasks and threads (RuntimeEnvironment); nothing else may
    exports dev.cadre.internal.runtime to dev.cadre.testkit;
}
