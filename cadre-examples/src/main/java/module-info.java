/**
 * The learning path's examples and the other runnable examples ({@code ./cadre learn N},
 * {@code ./cadre example NAME}): written against the public API only; {@code dev.cadre.internal}
 * is not exported, so an example that imported it would not compile ({@code ModuleBoundaryTest}).
 */
module dev.cadre.examples {
    requires transitive dev.cadre.core; // the examples' public types show its types
    requires java.management; // the memory figure of step 8

    exports dev.cadre.examples;
    exports dev.cadre.examples.learn;
    exports dev.cadre.examples.learn.fromscratch;
}
