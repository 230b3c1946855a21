package dev.cadre.bridge;

import java.util.List;

/** INTERNAL API. A stash buffer, as the runtime sees it: it gives up its messages when an incarnation ends. */
public interface StashHook {
    /**
     * @return every stashed message, oldest first; the buffer is then empty
     */
    List<Object> takeAll();

    /**
     * @return the stashed messages, oldest first (a copy; the buffer is unchanged)
     */
    List<Object> contents();
}
