package dev.cadre.bench.savina;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.bench.versus.CheckFailed;
import dev.cadre.bench.versus.Measured;
import dev.cadre.bench.versus.Metric;
import dev.cadre.bench.versus.Region;
import dev.cadre.bench.versus.Result;
import dev.cadre.bench.versus.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Savina workloads on Cadre's public API, default settings. {@link PekkoSavina} is the same
 * code on Pekko typed: same messages, same behaviours, same inputs, same checks. Actors that exist
 * before the workload starts (the ring, the accounts, ...) are spawned before the timed region;
 * the region starts with the first message of the workload and ends when the actor that sees the
 * end completes a future.
 */
@SuppressWarnings("SameNameButDifferent") // each benchmark's protocol is its own nested Msg, as in Savina
public final class CadreSavina {

    private CadreSavina() {
    }

    /**
     * Runs one iteration.
     *
     * @param scenario a Savina scenario
     * @param size its size
     * @return its time
     * @throws Exception on failure ({@link CheckFailed} if the result is wrong)
     */
    public static Result run(Scenario scenario, long size) throws Exception {
        return switch (scenario) {
            case THREADRING -> ThreadRing.run(size);
            case COUNTING -> Counting.run(size);
            case FJ_CREATE -> ForkJoinCreate.run(Math.toIntExact(size));
            case FJ_THROUGHPUT -> ForkJoinThroughput.run(Savina.perPart(size, Savina.FJ_ACTORS));
            case CHAMENEOS -> Chameneos.run(Math.toIntExact(size));
            case BIG -> Big.run(Savina.perPart(size, Savina.BIG_ACTORS));
            case BANKING -> Banking.run(Math.toIntExact(size));
            case PHILOSOPHERS -> Philosophers.run(Savina.perPart(size, Savina.PHILOSOPHERS));
            default -> throw new IllegalArgumentException(scenario.id() + " is not a Savina workload");
        };
    }

    private static ActorSystem newSystem() {
        return ActorSystem.create("savina");
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(Savina.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.util.concurrent.TimeoutException("the workload did not end within " + Savina.TIMEOUT_SECONDS
                    + " s (a lost message, a lost wake-up or a deadlock)");
        }
    }

    private static Result time(Region.Stats stats) {
        return Result.of(Metric.TIME, stats.seconds(), stats);
    }

    // --- ThreadRing -----------------------------------------------------------------------------

    /** A token goes round a ring of {@link Savina#RING_SIZE} actors, one hop per message. */
    static final class ThreadRing {
        sealed interface Msg permits Link, Token {
        }

        record Link(ActorRef<Msg> next) implements Msg {
        }

        record Token(long hopsLeft) implements Msg {
        }

        static Result run(long hops) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Integer> last = new CompletableFuture<>();
                List<ActorRef<Msg>> ring = new ArrayList<>();
                for (int i = 0; i < Savina.RING_SIZE; i++) {
                    ring.add(system.spawn(unlinked(i, last), "ring-" + i));
                }
                for (int i = 0; i < ring.size(); i++) {
                    ring.get(i).tell(new Link(ring.get((i + 1) % ring.size())));
                }
                Region region = Region.start();
                ring.get(0).tell(new Token(hops));
                int holder = await(last);
                Region.Stats stats = region.stop();
                CheckFailed.equal("ring member holding the token at 0 hops", hops % Savina.RING_SIZE, holder);
                return Measured.report(time(stats));
            }
        }

        static Behavior<Msg> unlinked(int id, CompletableFuture<Integer> last) {
            return Behaviors.receiveMessage(m -> switch (m) {
                case Link l -> linked(id, l.next(), last);
                case Token t -> throw new IllegalStateException("token before link at " + id);
            });
        }

        static Behavior<Msg> linked(int id, ActorRef<Msg> next, CompletableFuture<Integer> last) {
            return Behaviors.receiveMessage(m -> switch (m) {
                case Token t -> {
                    if (t.hopsLeft() == 0) {
                        last.complete(id);
                    } else {
                        next.tell(new Token(t.hopsLeft() - 1));
                    }
                    yield Behaviors.same();
                }
                case Link l -> linked(id, l.next(), last);
            });
        }
    }

    // --- Counting -------------------------------------------------------------------------------

    /** A producer tells a counter N increments, then asks it for the count. */
    static final class Counting {
        sealed interface CounterMsg permits Increment, Get {
        }

        enum Increment implements CounterMsg { INCREMENT }

        record Get(ActorRef<ProducerMsg> replyTo) implements CounterMsg {
        }

        sealed interface ProducerMsg permits Start, Count {
        }

        enum Start implements ProducerMsg { START }

        record Count(long value) implements ProducerMsg {
        }

        static Result run(long n) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Long> result = new CompletableFuture<>();
                ActorRef<CounterMsg> counter = system.spawn(Behaviors.setup(ctx -> {
                    long[] count = {0};
                    return Behaviors.receiveMessage(m -> {
                        switch (m) {
                            case Increment i -> count[0]++;
                            case Get g -> g.replyTo().tell(new Count(count[0]));
                        }
                        return Behaviors.same();
                    });
                }), "counter");
                ActorRef<ProducerMsg> producer = system.spawn(Behaviors.<ProducerMsg>receive((ctx, m) -> {
                    switch (m) {
                        case Start s -> {
                            for (long i = 0; i < n; i++) {
                                counter.tell(Increment.INCREMENT);
                            }
                            counter.tell(new Get(ctx.self()));
                        }
                        case Count c -> result.complete(c.value());
                    }
                    return Behaviors.same();
                }), "producer");
                Region region = Region.start();
                producer.tell(Start.START);
                long count = await(result);
                Region.Stats stats = region.stop();
                CheckFailed.equal("count", n, count);
                return Measured.report(time(stats));
            }
        }
    }

    // --- Fork-join: creation --------------------------------------------------------------------

    /** A parent spawns N children; each does one unit of work, reports and stops. */
    static final class ForkJoinCreate {
        sealed interface ParentMsg permits Start, Done {
        }

        enum Start implements ParentMsg { START }

        record Done(double value) implements ParentMsg {
        }

        enum Work { WORK }

        static Result run(int n) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Double> result = new CompletableFuture<>();
                ActorRef<ParentMsg> parent = system.spawn(Behaviors.setup(ctx -> {
                    double[] sum = {0};
                    int[] done = {0};
                    return Behaviors.receiveMessage(m -> {
                        switch (m) {
                            case Start s -> {
                                for (int i = 0; i < n; i++) {
                                    ctx.spawnAnonymous(worker(ctx.self())).tell(Work.WORK);
                                }
                            }
                            case Done d -> {
                                sum[0] += d.value();
                                if (++done[0] == n) {
                                    result.complete(sum[0]);
                                }
                            }
                        }
                        return Behaviors.same();
                    });
                }), "parent");
                Region region = Region.start();
                parent.tell(Start.START);
                double sum = await(result);
                Region.Stats stats = region.stop();
                CheckFailed.that(Math.abs(sum - n * Savina.work()) < 1e-6 * n, "sum of work " + sum + ", expected "
                        + n * Savina.work());
                return Measured.report(time(stats));
            }
        }

        static Behavior<Work> worker(ActorRef<ParentMsg> parent) {
            return Behaviors.receiveMessage(w -> {
                parent.tell(new Done(Savina.work()));
                return Behaviors.stopped();
            });
        }
    }

    // --- Fork-join: throughput ------------------------------------------------------------------

    /** A plain thread tells {@link Savina#FJ_ACTORS} actors n messages each, round-robin; each does one unit of work per message. */
    static final class ForkJoinThroughput {
        enum Msg { MSG }

        static Result run(int perActor) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                AtomicInteger unfinished = new AtomicInteger(Savina.FJ_ACTORS);
                AtomicBoolean tooMany = new AtomicBoolean();
                List<ActorRef<Msg>> actors = new ArrayList<>();
                for (int i = 0; i < Savina.FJ_ACTORS; i++) {
                    actors.add(system.spawn(Behaviors.setup(ctx -> {
                        int[] count = {0};
                        return Behaviors.receiveMessage(m -> {
                            Savina.work();
                            if (++count[0] == perActor) {
                                if (unfinished.decrementAndGet() == 0) {
                                    done.complete(null);
                                }
                            } else if (count[0] > perActor) {
                                tooMany.set(true);
                            }
                            return Behaviors.same();
                        });
                    }), "worker-" + i));
                }
                Region region = Region.start();
                for (int m = 0; m < perActor; m++) {
                    for (ActorRef<Msg> a : actors) {
                        a.tell(Msg.MSG);
                    }
                }
                await(done);
                Region.Stats stats = region.stop();
                CheckFailed.that(!tooMany.get(), "an actor got more than " + perActor + " messages");
                return Measured.report(time(stats));
            }
        }
    }

    // --- Chameneos ------------------------------------------------------------------------------

    /** {@link Savina#CHAMENEOS} creatures meet in pairs through a mall until {@code meetings} meetings. */
    static final class Chameneos {
        sealed interface MallMsg permits Start, Meet, MeetingCount {
        }

        sealed interface CreatureMsg permits Meet, Change, Exit {
        }

        enum Start implements MallMsg { START }

        /** A creature's request to meet, forwarded by the mall to the creature it meets. */
        record Meet(Savina.Colour colour, ActorRef<CreatureMsg> from) implements MallMsg, CreatureMsg {
        }

        record MeetingCount(long count) implements MallMsg {
        }

        record Change(Savina.Colour colour) implements CreatureMsg {
        }

        enum Exit implements CreatureMsg { EXIT }

        static Result run(int meetings) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Long> result = new CompletableFuture<>();
                ActorRef<MallMsg> mall = system.spawn(mall(meetings, result), "mall");
                Region region = Region.start();
                mall.tell(Start.START);
                long sum = await(result);
                Region.Stats stats = region.stop();
                CheckFailed.equal("meetings counted by the creatures", 2L * meetings, sum);
                return Measured.report(time(stats));
            }
        }

        static Behavior<MallMsg> mall(int meetings, CompletableFuture<Long> result) {
            return Behaviors.setup(ctx -> {
                int[] left = {meetings};
                int[] faded = {0};
                long[] sum = {0};
                List<ActorRef<CreatureMsg>> waiting = new ArrayList<>(1);
                return Behaviors.receiveMessage(m -> {
                    switch (m) {
                        case Start s -> {
                            for (int i = 0; i < Savina.CHAMENEOS; i++) {
                                ctx.spawnAnonymous(creature(ctx.self(), Savina.Colour.initial(i)));
                            }
                        }
                        case Meet meet -> {
                            if (left[0] == 0) {
                                meet.from().tell(Exit.EXIT);
                            } else if (waiting.isEmpty()) {
                                waiting.add(meet.from());
                            } else {
                                left[0]--;
                                waiting.remove(0).tell(meet);
                            }
                        }
                        case MeetingCount c -> {
                            sum[0] += c.count();
                            if (++faded[0] == Savina.CHAMENEOS) {
                                result.complete(sum[0]);
                            }
                        }
                    }
                    return Behaviors.same();
                });
            });
        }

        static Behavior<CreatureMsg> creature(ActorRef<MallMsg> mall, Savina.Colour initial) {
            return Behaviors.setup(ctx -> {
                Savina.Colour[] colour = {initial};
                long[] met = {0};
                mall.tell(new Meet(colour[0], ctx.self()));
                return Behaviors.receiveMessage(m -> switch (m) {
                    case Meet other -> {
                        colour[0] = colour[0].complement(other.colour());
                        met[0]++;
                        other.from().tell(new Change(colour[0]));
                        mall.tell(new Meet(colour[0], ctx.self()));
                        yield Behaviors.same();
                    }
                    case Change c -> {
                        colour[0] = c.colour();
                        met[0]++;
                        mall.tell(new Meet(colour[0], ctx.self()));
                        yield Behaviors.same();
                    }
                    case Exit e -> {
                        mall.tell(new MeetingCount(met[0]));
                        yield Behaviors.stopped();
                    }
                });
            });
        }
    }

    // --- Big ------------------------------------------------------------------------------------

    /** {@link Savina#BIG_ACTORS} actors each ping pseudo-random neighbours n times, one at a time. */
    static final class Big {
        sealed interface Msg permits Neighbours, Ping, Pong {
        }

        record Neighbours(List<ActorRef<Msg>> all) implements Msg {
        }

        record Ping(int from) implements Msg {
        }

        record Pong(int from) implements Msg {
        }

        record Finished(long pings, long wrongPongs) {
        }

        static Result run(int perActor) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Finished> result = new CompletableFuture<>();
                ActorRef<Finished> sink = system.spawn(Behaviors.setup(ctx -> {
                    long[] totals = {0, 0, 0}; // finished, pings, wrong pongs
                    return Behaviors.receiveMessage(f -> {
                        totals[1] += f.pings();
                        totals[2] += f.wrongPongs();
                        if (++totals[0] == Savina.BIG_ACTORS) {
                            result.complete(new Finished(totals[1], totals[2]));
                        }
                        return Behaviors.same();
                    });
                }), "sink");
                List<ActorRef<Msg>> actors = new ArrayList<>();
                for (int i = 0; i < Savina.BIG_ACTORS; i++) {
                    actors.add(system.spawn(bigActor(i, perActor, sink), "big-" + i));
                }
                Neighbours all = new Neighbours(List.copyOf(actors));
                actors.forEach(a -> a.tell(all));
                Region region = Region.start();
                Pong kickOff = new Pong(-1);
                actors.forEach(a -> a.tell(kickOff));
                Finished f = await(result);
                Region.Stats stats = region.stop();
                CheckFailed.equal("pings", (long) perActor * Savina.BIG_ACTORS, f.pings());
                CheckFailed.equal("pongs from an actor that was not pinged", 0, f.wrongPongs());
                return Measured.report(time(stats));
            }
        }

        static Behavior<Msg> bigActor(int id, int pings, ActorRef<Finished> sink) {
            return Behaviors.setup(ctx -> {
                java.util.SplittableRandom random = Savina.bigRandom(id);
                Ping myPing = new Ping(id);
                Pong myPong = new Pong(id);
                List<ActorRef<Msg>> all = new ArrayList<>();
                int[] state = {0, -1, 0}; // pings sent, expected ponger, wrong pongs
                return Behaviors.receiveMessage(m -> {
                    switch (m) {
                        case Neighbours n -> all.addAll(n.all());
                        case Ping p -> all.get(p.from()).tell(myPong);
                        case Pong p -> {
                            if (p.from() != state[1]) {
                                state[2]++;
                            }
                            if (state[0] == pings) {
                                sink.tell(new Finished(state[0], state[2]));
                            } else {
                                int target = random.nextInt(all.size());
                                state[1] = target;
                                all.get(target).tell(myPing);
                                state[0]++;
                            }
                        }
                    }
                    return Behaviors.same();
                });
            });
        }
    }

    // --- Banking --------------------------------------------------------------------------------

    /** A teller sends transfers between {@link Savina#ACCOUNTS} accounts; a transfer is a request-reply chain with stashing. */
    static final class Banking {
        sealed interface AccountMsg permits Transfer, Deposit, Ack, GetBalance {
        }

        record Transfer(long cents, ActorRef<AccountMsg> to, ActorRef<TellerMsg> teller) implements AccountMsg {
        }

        record Deposit(long cents, ActorRef<AccountMsg> from) implements AccountMsg {
        }

        enum Ack implements AccountMsg { ACK }

        record GetBalance(ActorRef<Long> replyTo) implements AccountMsg {
        }

        sealed interface TellerMsg permits Start, Done {
        }

        enum Start implements TellerMsg { START }

        enum Done implements TellerMsg { DONE }

        static Result run(int n) throws Exception {
            Savina.Transfers transfers = Savina.transfers(n);
            try (ActorSystem system = newSystem()) {
                List<ActorRef<AccountMsg>> accounts = new ArrayList<>();
                for (int i = 0; i < Savina.ACCOUNTS; i++) {
                    accounts.add(system.spawn(account(Savina.OPENING_BALANCE, 2 * n + 16), "account-" + i));
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                ActorRef<TellerMsg> teller = system.spawn(Behaviors.<TellerMsg>setup(ctx -> {
                    int[] completed = {0};
                    return Behaviors.receiveMessage(m -> {
                        switch (m) {
                            case Start s -> {
                                for (int i = 0; i < transfers.size(); i++) {
                                    accounts.get(transfers.from()[i]).tell(new Transfer(transfers.cents()[i],
                                            accounts.get(transfers.to()[i]), ctx.self()));
                                }
                            }
                            case Done d -> {
                                if (++completed[0] == transfers.size()) {
                                    done.complete(null);
                                }
                            }
                        }
                        return Behaviors.same();
                    });
                }), "teller");
                Region region = Region.start();
                teller.tell(Start.START);
                await(done);
                Region.Stats stats = region.stop();
                long[] balances = new long[Savina.ACCOUNTS];
                for (int i = 0; i < balances.length; i++) {
                    balances[i] = accounts.get(i).<Long>ask(GetBalance::new, Duration.ofSeconds(30)).get(1,
                            TimeUnit.MINUTES);
                }
                transfers.check(balances);
                return Measured.report(time(stats));
            }
        }

        static Behavior<AccountMsg> account(long opening, int stashCapacity) {
            return Behaviors.withStash(stashCapacity, stash -> Behaviors.setup(ctx -> {
                long[] balance = {opening};
                return idle(ctx.self(), balance, stash);
            }));
        }

        static Behavior<AccountMsg> idle(ActorRef<AccountMsg> self, long[] balance,
                dev.cadre.actor.StashBuffer<AccountMsg> stash) {
            return Behaviors.receiveMessage(m -> switch (m) {
                case Transfer t -> {
                    balance[0] -= t.cents();
                    t.to().tell(new Deposit(t.cents(), self));
                    yield awaitingAck(self, balance, stash, t.teller());
                }
                case Deposit d -> {
                    balance[0] += d.cents();
                    d.from().tell(Ack.ACK);
                    yield Behaviors.same();
                }
                case GetBalance g -> {
                    g.replyTo().tell(balance[0]);
                    yield Behaviors.same();
                }
                case Ack a -> throw new IllegalStateException("acknowledgement without a transfer at " + self);
            });
        }

        static Behavior<AccountMsg> awaitingAck(ActorRef<AccountMsg> self, long[] balance,
                dev.cadre.actor.StashBuffer<AccountMsg> stash, ActorRef<TellerMsg> teller) {
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Ack) {
                    teller.tell(Done.DONE);
                    return stash.unstashAll(idle(self, balance, stash));
                }
                stash.stash(m);
                return Behaviors.same();
            });
        }
    }

    // --- Dining philosophers --------------------------------------------------------------------

    /** {@link Savina#PHILOSOPHERS} philosophers ask an arbitrator for their two forks, m meals each. */
    static final class Philosophers {
        sealed interface ArbitratorMsg permits Hungry, Eaten, Leaving {
        }

        record Hungry(int id, ActorRef<PhilosopherMsg> philosopher) implements ArbitratorMsg {
        }

        record Eaten(int id) implements ArbitratorMsg {
        }

        record Leaving(int id) implements ArbitratorMsg {
        }

        enum PhilosopherMsg { START, DENIED, EAT }

        @SuppressWarnings("ArrayRecordComponent") // a result, read once, never compared
        record Outcome(int[] meals, long violations, boolean forksFree, long denials) {
        }

        static Result run(int meals) throws Exception {
            try (ActorSystem system = newSystem()) {
                CompletableFuture<Outcome> result = new CompletableFuture<>();
                ActorRef<ArbitratorMsg> arbitrator = system.spawn(arbitrator(result), "arbitrator");
                List<ActorRef<PhilosopherMsg>> philosophers = new ArrayList<>();
                for (int i = 0; i < Savina.PHILOSOPHERS; i++) {
                    philosophers.add(system.spawn(philosopher(i, meals, arbitrator), "philosopher-" + i));
                }
                Region region = Region.start();
                philosophers.forEach(p -> p.tell(PhilosopherMsg.START));
                Outcome o = await(result);
                Region.Stats stats = region.stop();
                for (int i = 0; i < o.meals().length; i++) {
                    CheckFailed.equal("meals of philosopher " + i, meals, o.meals()[i]);
                }
                CheckFailed.equal("forks granted while held", 0, o.violations());
                CheckFailed.that(o.forksFree(), "forks still held at the end");
                return Measured.report(time(stats));
            }
        }

        static Behavior<PhilosopherMsg> philosopher(int id, int meals, ActorRef<ArbitratorMsg> arbitrator) {
            return Behaviors.setup(ctx -> {
                Hungry hungry = new Hungry(id, ctx.self());
                Eaten eaten = new Eaten(id);
                int[] eatenSoFar = {0};
                return Behaviors.receiveMessage(m -> switch (m) {
                    case START, DENIED -> {
                        arbitrator.tell(hungry);
                        yield Behaviors.same();
                    }
                    case EAT -> {
                        arbitrator.tell(eaten);
                        if (++eatenSoFar[0] < meals) {
                            ctx.self().tell(PhilosopherMsg.START);
                            yield Behaviors.same();
                        }
                        arbitrator.tell(new Leaving(id));
                        yield Behaviors.stopped();
                    }
                });
            });
        }

        static Behavior<ArbitratorMsg> arbitrator(CompletableFuture<Outcome> result) {
            return Behaviors.setup(ctx -> {
                int n = Savina.PHILOSOPHERS;
                boolean[] forks = new boolean[n];
                int[] meals = new int[n];
                long[] counters = {0, 0, 0}; // violations, denials, left
                return Behaviors.receiveMessage(m -> {
                    switch (m) {
                        case Hungry h -> {
                            int left = h.id();
                            int right = (h.id() + 1) % n;
                            if (forks[left] || forks[right]) {
                                counters[1]++;
                                h.philosopher().tell(PhilosopherMsg.DENIED);
                            } else {
                                forks[left] = true;
                                forks[right] = true;
                                h.philosopher().tell(PhilosopherMsg.EAT);
                            }
                        }
                        case Eaten e -> {
                            int left = e.id();
                            int right = (e.id() + 1) % n;
                            if (!forks[left] || !forks[right]) {
                                counters[0]++;
                            }
                            forks[left] = false;
                            forks[right] = false;
                            meals[e.id()]++;
                        }
                        case Leaving l -> {
                            if (++counters[2] == n) {
                                boolean free = true;
                                for (boolean f : forks) {
                                    free &= !f;
                                }
                                result.complete(new Outcome(meals.clone(), counters[0], free, counters[1]));
                            }
                        }
                    }
                    return Behaviors.same();
                });
            });
        }
    }
}
