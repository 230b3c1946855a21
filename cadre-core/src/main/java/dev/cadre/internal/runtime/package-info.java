/**
 * INTERNAL API: the actor runtime. Nothing here is exported, except to {@code dev.cadre.testkit}
 * (the {@link dev.cadre.internal.runtime.RuntimeEnvironment} seam); the public API in
 * {@code dev.cadre.actor} reaches it only through an access bridge.
 *
 * <h2>Layout</h2>
 * <pre>
 *   dev.cadre.internal
 *   ├── runtime       the actor and the system (this package: one package, so that the cell's
 *   │                 hot fields and VarHandles stay package-private)
 *   │     ActorCell         the hot core: status word, queues, scheduling, the message loop,
 *   │                       the system-message switch (its design notes: every status bit's
 *   │                       writers, the lifecycle stages)
 *   │     CellContext       the ActorContext API, the cell's superclass
 *   │     Children          children: spawn, stop, the map (CAS-created on the first child)
 *   │     DeathWatch        watch, links, trap exits, notifications for the next incarnation
 *   │     FaultHandling     a failure: local rule, supervisor, or stop; ending an incarnation
 *   │     LocalSupervision  Behaviors.supervise rules, their restart window and backoff
 *   │     Termination       stop (children first), kill, the end of an actor
 *   │     CellExtras        rare state, off the cell until first used
 *   │     SupervisorLogic, SupervisedChild   an OTP supervisor on cells
 *   │     SystemMessage     the lifecycle protocol between cells
 *   │     LocalActorRef, AdapterRef, PromiseRef   the refs
 *   │     ActorSystemImpl, DeadLettersImpl, Topic, Introspector, ShutdownReport
 *   │     RuntimeEnvironment, RealEnvironment     time, delayed tasks, threads (the test seam)
 *   ├── mailbox       the message queues (MPSC, bounded, drop-oldest)
 *   ├── dispatch      the shared ForkJoinPool dispatcher
 *   └── supervision   the restart window and backoff clock, shared by both supervision styles
 * </pre>
 */
package dev.cadre.internal.runtime;
