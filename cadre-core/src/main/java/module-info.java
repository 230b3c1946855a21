/**
 * Cadre's runtime: typed actors, mailboxes, dispatch, ask, watch and dead letters.
 *
 * <p>The public API is the package {@code dev.cadre.actor}; its types that the runtime provides
 * ({@code ActorRef}, {@code ActorSystem}, {@code DeadLetters}, {@code EventTopic}) are sealed.
 * Everything else is implementation: {@code dev.cadre.internal.*} (the runtime) and
 * {@code dev.cadre.bridge} (the one door between the API and the runtime) are not exported, so
 * code in another named module cannot even import them.
 */
@SuppressWarnings("module") // the qualified export names the testkit, which is built after this module
module dev.cadre.core {
    requires transitive org.slf4j;
    requires transitive org.jspecify; // @NullMarked, @Nullable on the public API

    exports dev.cadre.actor;
    // for extensions that provide refs to actors on other nodes (cadre-cluster)
    exports dev.cadre.actor.spi;
    // the testkit replaces time, delayed tasks and threads (RuntimeEnvironment); nothing else may
    exports dev.cadre.internal.runtime to dev.cadre.testkit;
}
