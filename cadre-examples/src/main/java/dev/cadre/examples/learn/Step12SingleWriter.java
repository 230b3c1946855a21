package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Step 12: make one actor the single writer. Two services updating a shared profile cache under a
 * lease-based lock lose an update when one of them pauses past its lease; the same updates sent
 * as commands to the profile's one owner lose none. Page: {@code docs/learn/12-single-writer.md}.
 */
final class Step12SingleWriter {

    private Step12SingleWriter() {
    }

    /**
     * A user's profile, as stored in the cache.
     *
     * @param email the e-mail address (the account service changes it)
     * @param address the postal address (the shipping service changes it)
     * @param version how many writes it has seen
     */
    public record Profile(String email, String address, long version) {
    }

    // tag::lease-lock[]
    /**
     * What a distributed lock (Redis, ZooKeeper, a database row) gives you: a lease. It expires, so
     * that a holder that crashed cannot block everyone forever. Time is a logical clock here, so
     * the schedule below is exact rather than a race.
     */
    static final class LeaseLock {
        private @Nullable String holder;   // null: nobody holds it
        private long expiresAt;

        synchronized boolean tryAcquire(String who, long now, long leaseTicks) {
            if (holder == null || now >= expiresAt) {
                holder = who;
                expiresAt = now + leaseTicks;
                return true;
            }
            return false;
        }

        synchronized void release(String who) {
            if (who.equals(holder)) {
                holder = null;
            }
        }
    }
    // end::lease-lock[]

    /**
     * What the locked version did.
     *
     * @param aAcquired whether service A got the lock at t=0
     * @param bAcquired whether service B got it at t=12
     * @param finalProfile the profile in the cache at the end
     */
    public record LockedRun(boolean aAcquired, boolean bAcquired, Profile finalProfile) {
    }

    // tag::locked-cache[]
    /**
     * The account service (A) changes the e-mail and the shipping service (B) the address, each by
     * read, change, write back, under the lock. A pauses longer than its lease.
     */
    public static LockedRun lockedCache() {
        Map<String, Profile> cache = new HashMap<>();   // stands for the shared cache
        cache.put("u-1", new Profile("old@example.com", "1 Old Street", 1));
        LeaseLock lock = new LeaseLock();

        // t=0: A takes the lock (a 10-tick lease) and reads the profile.
        boolean aAcquired = lock.tryAcquire("A", 0, 10);
        Profile seenByA = cache.get("u-1");
        // t=0..15: A pauses (a GC pause, a slow network). At t=10 its lease expires.

        // t=12: B takes the expired lock, changes the address, writes back, releases.
        boolean bAcquired = lock.tryAcquire("B", 12, 10);
        Profile seenByB = cache.get("u-1");
        cache.put("u-1", new Profile(seenByB.email(), "2 New Road", seenByB.version() + 1));
        lock.release("B");

        // t=15: A resumes, still believing it holds the lock, and writes back its copy with its change.
        cache.put("u-1", new Profile("new@example.com", seenByA.address(), seenByA.version() + 1));
        lock.release("A");
        return new LockedRun(aAcquired, bAcquired, cache.get("u-1"));
    }
    // end::locked-cache[]

    // tag::profile-owner[]
    /** Commands to the profile's owner: each says what to change, not what the whole profile is. */
    public sealed interface ProfileMsg {
        record ChangeEmail(String userId, String email) implements ProfileMsg {
        }

        record ChangeAddress(String userId, String address) implements ProfileMsg {
        }

        record Get(String userId, ActorRef<Optional<Profile>> replyTo) implements ProfileMsg {
        }
    }

    /** The single writer: the only code that ever changes a profile. No lock, no lease. */
    public static Behavior<ProfileMsg> profiles(Map<String, Profile> initial) {
        return Behaviors.setup(ctx -> {
            Map<String, Profile> profiles = new HashMap<>(initial);
            return Behaviors.receiveMessage(msg -> {
                switch (msg) {
                    case ProfileMsg.ChangeEmail c -> profiles.computeIfPresent(c.userId(),
                            (id, p) -> new Profile(c.email(), p.address(), p.version() + 1));
                    case ProfileMsg.ChangeAddress c -> profiles.computeIfPresent(c.userId(),
                            (id, p) -> new Profile(p.email(), c.address(), p.version() + 1));
                    case ProfileMsg.Get g -> g.replyTo().tell(Optional.ofNullable(profiles.get(g.userId())));
                }
                return Behaviors.same();
            });
        });
    }
    // end::profile-owner[]

    // tag::two-services[]
    /**
     * The two services, as two threads, each sending {@code changes} commands at the same time;
     * the account service pauses halfway, as A did above.
     */
    public static Profile singleWriter(ActorSystem system, int changes) throws InterruptedException {
        ActorRef<ProfileMsg> owner = system.spawnAnonymous(
                profiles(Map.of("u-1", new Profile("old@example.com", "1 Old Street", 1))));
        Thread account = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= changes; i++) {
                owner.tell(new ProfileMsg.ChangeEmail("u-1", "user" + i + "@example.com"));
                if (i == changes / 2) {
                    pause();   // no lease to lose: the commands already sent stay valid
                }
            }
        });
        Thread shipping = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= changes; i++) {
                owner.tell(new ProfileMsg.ChangeAddress("u-1", i + " New Road"));
            }
        });
        account.join();
        shipping.join();
        Profile p = owner.<Optional<Profile>>ask(r -> new ProfileMsg.Get("u-1", r), Duration.ofSeconds(10)).join()
                .orElseThrow();
        system.stop(owner);
        return p;
    }
    // end::two-services[]

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Narrates both runs.
     *
     * @param out where to narrate
     * @return whether the locked cache lost B's address and the single writer lost nothing
     */
    public static boolean narrate(PrintStream out) throws InterruptedException {
        LockedRun locked = lockedCache();
        out.println("Shared cache behind a lease lock (10 ticks). Profile u-1 starts as "
                + "[old@example.com, 1 Old Street].");
        out.println("  t=0   account service A takes the lock: " + locked.aAcquired() + "; reads the profile; pauses");
        out.println("  t=12  A's lease has expired; shipping service B takes the lock: " + locked.bAcquired()
                + "; writes address 2 New Road");
        out.println("  t=15  A resumes and writes back its copy with the new e-mail");
        out.println("  the cache now holds: " + locked.finalProfile()
                + "   <- B's address is lost, and both services believe they succeeded");
        out.println();
        int changes = 10_000;
        Profile p;
        try (ActorSystem system = ActorSystem.create("step12")) {
            p = singleWriter(system, changes);
        }
        out.printf("One actor owns the profiles; A sends %,d ChangeEmail and B %,d ChangeAddress at the same time,%n",
                changes, changes);
        out.println("and A pauses halfway:");
        out.println("  the owner holds: " + p);
        out.printf("  %,d writes + the initial version = version %,d: every change applied, the last of each kept%n",
                2 * changes, p.version());
        return locked.aAcquired() && locked.bAcquired() && locked.finalProfile().address().equals("1 Old Street")
                && p.version() == 2L * changes + 1 && p.email().equals("user" + changes + "@example.com")
                && p.address().equals(changes + " New Road");
    }
}
