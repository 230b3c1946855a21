package dev.cadre.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.CadreExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example: two "services" used to share a user-profile cache behind a lock; now one
 * actor owns the cache (single writer) and everyone else sends it messages. Many threads hammer
 * it: no update is lost, and every read sees a consistent profile.
 */
@ExtendWith(CadreExtension.class)
class ProfileCacheExampleTest {

    /** A profile whose two counters must always move together. */
    record Profile(String user, long logins, long loginsAudited) {
    }

    sealed interface CacheMsg {
        record RecordLogin(String user) implements CacheMsg {
        }

        record Read(String user, ActorRef<Profile> replyTo) implements CacheMsg {
        }
    }

    static Behavior<CacheMsg> cache() {
        return Behaviors.setup(ctx -> {
            java.util.Map<String, Profile> profiles = new java.util.HashMap<>(); // owned: no lock
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case CacheMsg.RecordLogin r -> profiles.merge(r.user(), new Profile(r.user(), 1, 1),
                            (p, one) -> new Profile(p.user(), p.logins() + 1, p.loginsAudited() + 1));
                    case CacheMsg.Read r -> r.replyTo().tell(profiles.getOrDefault(r.user(),
                            new Profile(r.user(), 0, 0)));
                }
                return Behaviors.same();
            });
        });
    }

    @Test
    void noUpdateIsLostAndReadsAreConsistentUnderManyThreads(ActorTestKit kit) throws Exception {
        ActorRef<CacheMsg> cache = kit.spawn(cache(), "profile-cache");
        int threads = 8;
        int loginsPerThread = 20_000;
        List<Profile> inconsistent = java.util.Collections.synchronizedList(new ArrayList<>());
        MessagingTest.runOnThreads(threads, t -> {
            for (int i = 0; i < loginsPerThread; i++) {
                cache.tell(new CacheMsg.RecordLogin("user-" + (i % 4)));
                if (i % 2_000 == 0) { // the "other service" reads while this one writes
                    String user = "user-" + (i % 4);
                    Profile p = cache.<Profile>ask(r -> new CacheMsg.Read(user, r),
                            Duration.ofSeconds(10)).join();
                    if (p.logins() != p.loginsAudited()) {
                        inconsistent.add(p);
                    }
                }
            }
        });
        long total = 0;
        for (int u = 0; u < 4; u++) {
            String user = "user-" + u;
            CompletableFuture<Profile> f = cache.ask(r -> new CacheMsg.Read(user, r), Duration.ofSeconds(10));
            Profile p = f.join();
            assertThat(p.logins()).isEqualTo(p.loginsAudited());
            total += p.logins();
        }
        assertThat(inconsistent).isEmpty();
        assertThat(total).isEqualTo((long) threads * loginsPerThread);
    }
}
