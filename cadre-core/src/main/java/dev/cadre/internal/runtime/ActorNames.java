package dev.cadre.internal.runtime;

/** INTERNAL API. Rules for actor names. */
final class ActorNames {
    private ActorNames() {
    }

    /** Valid names: non-empty, no '/', '#' or whitespace, not starting with '$' (reserved). */
    static void validate(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("actor name must not be empty");
        }
        if (name.charAt(0) == '$') {
            throw new IllegalArgumentException("invalid actor name '" + name
                    + "': names starting with '$' are reserved for anonymous actors");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("invalid actor name '" + name + "': character '" + c
                        + "' at index " + i + " is not allowed (no '/', '#', whitespace or control characters)");
            }
        }
    }

    static String anonymous(long n) {
        return "$" + Long.toString(n, 36);
    }
}
