package dev.cadre.internal.runtime;

/** INTERNAL API. Rules for actor names. */
final class ActorNames {
    /** Longest name accepted: a path segment, not a payload. */
    static final int MAX_LENGTH = 255;

    private ActorNames() {
    }

    /**
     * Valid names: 1 to {@value #MAX_LENGTH} characters, no '/', '#', whitespace or control
     * characters, not starting with '$' (reserved for anonymous actors).
     */
    static void validate(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("actor name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid actor name " + quote(name) + ": too long (" + name.length()
                    + " characters; at most " + MAX_LENGTH + ")");
        }
        if (name.charAt(0) == '$') {
            throw new IllegalArgumentException("invalid actor name " + quote(name)
                    + ": names starting with '$' are reserved for anonymous actors");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("invalid actor name " + quote(name) + ": character "
                        + (Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + " at index " + i + " is not allowed (no '/', '#', whitespace or control characters)");
            }
        }
    }

    /** A name as errors show it: quoted, and cut to a readable length. */
    static String quote(String name) {
        return name.length() <= 64 ? "'" + name + "'" : "'" + name.substring(0, 48) + "...' (" + name.length()
                + " characters)";
    }

    static String anonymous(long n) {
        return "$" + Long.toString(n, 36);
    }

    /**
     * The key of anonymous actor number {@code n} in its parent's children map: a boxed number,
     * not its name. An anonymous actor's name is made when asked for ({@link #nameOf}), so a
     * million idle anonymous actors do not keep a million name strings (16 bytes instead of 48).
     */
    static Object anonymousKey(long n) {
        return n <= Integer.MAX_VALUE ? (Object) Integer.valueOf((int) n) : (Object) Long.valueOf(n);
    }

    /** The name of the actor with children-map key {@code key} (a name, or an anonymous number). */
    static String nameOf(Object key) {
        return key instanceof String s ? s : anonymous(((Number) key).longValue());
    }

    /** The children-map key of the actor called {@code name}: the inverse of {@link #nameOf}. */
    static Object keyOf(String name) {
        if (name.length() > 1 && name.charAt(0) == '$' && name.length() <= 14) {
            try {
                long n = Long.parseLong(name, 1, name.length(), 36);
                if (n > 0 && anonymous(n).equals(name)) { // canonical only: "$A" is not "$a"
                    return anonymousKey(n);
                }
            } catch (NumberFormatException e) {
                // not an anonymous actor's name
            }
        }
        return name;
    }
}
