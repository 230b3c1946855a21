package dev.cadre.examples.learn;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.ActorSystem;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.examples.learn.fromscratch.MailboxActor;
import dev.cadre.examples.learn.fromscratch.TinyMailbox;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Step 6: the mailbox is the contract. The same behaviour gives different results with a
 * different mailbox; FIFO per sender holds under concurrency; a bounded mailbox refuses, and
 * counts, what does not fit. Page: {@code docs/learn/06-the-mailbox.md}.
 */
final class Step06TheMailbox {

    private Step06TheMailbox() {
    }

    /** Holds an actor busy: it signals {@code entered}, then waits for {@code until}. */
    public record Busy(CountDownLatch entered, CountDownLatch until) {
        /** A busy job that has not started. */
        public Busy() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }

        void run() {
            entered.countDown();
            try {
                until.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // tag::account[]
    /** An account's messages; one sender may mark a withdrawal urgent. */
    public sealed interface AccountMsg {
        record Hold(Busy busy) implements AccountMsg {
        }

        record Deposit(int amount) implements AccountMsg {
        }

        record Withdraw(int amount, boolean urgent) implements AccountMsg {
        }

        record Statement(CompletableFuture<List<String>> reply) implements AccountMsg {
        }
    }

    /** The state: a balance and what happened, in order. */
    record Account(int balance, List<String> log) {
        Account with(int newBalance, String entry) {
            List<String> l = new ArrayList<>(log);
            l.add(entry);
            return new Account(newBalance, List.copyOf(l));
        }
    }

    /** The behaviour. It is the same whichever mailbox the actor gets. */
    static Account account(Account a, AccountMsg msg) {
        return switch (msg) {
            case AccountMsg.Hold h -> {
                h.busy().run();
                yield a;
            }
            case AccountMsg.Deposit d -> a.with(a.balance() + d.amount(), "deposit " + d.amount());
            case AccountMsg.Withdraw w when w.amount() > a.balance() ->
                    a.with(a.balance(), "withdraw " + w.amount() + " REFUSED (balance " + a.balance() + ")");
            case AccountMsg.Withdraw w -> a.with(a.balance() - w.amount(), "withdraw " + w.amount());
            case AccountMsg.Statement s -> {
                s.reply().complete(a.log());
                yield a;
            }
        };
    }

    /** Priority order: holds, then urgent withdrawals, then the rest, statements last. */
    static final Comparator<AccountMsg> URGENT_FIRST = Comparator.comparingInt(m -> switch (m) {
        case AccountMsg.Hold h -> 0;
        case AccountMsg.Withdraw w when w.urgent() -> 1;
        case AccountMsg.Deposit d -> 2;
        case AccountMsg.Withdraw w -> 2;
        case AccountMsg.Statement s -> 3;
    });

    /** One sender deposits 100, then withdraws 30 (urgent), while the account is busy. */
    public static List<String> depositThenWithdraw(TinyMailbox<AccountMsg> mailbox) throws InterruptedException {
        try (var account = new MailboxActor<>("account", mailbox, new Account(0, List.of()),
                Step06TheMailbox::account)) {
            Busy busy = new Busy();
            account.tell(new AccountMsg.Hold(busy));
            account.tell(new AccountMsg.Deposit(100));
            account.tell(new AccountMsg.Withdraw(30, true));
            busy.until().countDown();
            CompletableFuture<List<String>> log = new CompletableFuture<>();
            account.tell(new AccountMsg.Statement(log));
            return log.join();
        }
    }
    // end::account[]

    // tag::fifo-check[]
    /** Numbered messages from several senders; the receiver checks each sender's numbers. */
    public sealed interface SeqMsg {
        record Numbered(int sender, int seq) implements SeqMsg {
        }

        record Hold(Busy busy) implements SeqMsg {
        }

        record Report(CompletableFuture<Order> reply) implements SeqMsg {
        }
    }

    /**
     * What the receiver saw.
     *
     * @param received numbered messages received
     * @param outOfOrder messages whose number was not the sender's previous number + 1
     */
    public record Order(long received, long outOfOrder) {
    }

    /** State: the last number seen per sender, and the tallies. */
    static final class Seen {
        final int[] last;
        long received;
        long outOfOrder;

        Seen(int senders) {
            last = new int[senders];
            java.util.Arrays.fill(last, -1);
        }
    }

    static Seen seen(Seen s, SeqMsg msg) {
        switch (msg) {
            case SeqMsg.Numbered n -> {
                s.received++;
                if (n.seq() != s.last[n.sender()] + 1) {
                    s.outOfOrder++;
                }
                s.last[n.sender()] = n.seq();
            }
            case SeqMsg.Hold h -> h.busy().run();
            case SeqMsg.Report r -> r.reply().complete(new Order(s.received, s.outOfOrder));
        }
        return s;
    }
    // end::fifo-check[]

    /** Several senders, each sending 0, 1, 2, ... to a tiny FIFO actor. */
    public static Order tinyFifo(int senders, int each) throws InterruptedException {
        try (var receiver = new MailboxActor<>("receiver", TinyMailbox.<SeqMsg>fifo(), new Seen(senders),
                Step06TheMailbox::seen)) {
            send(senders, each, receiver::tell);
            CompletableFuture<Order> r = new CompletableFuture<>();
            receiver.tell(new SeqMsg.Report(r));
            return r.join();
        }
    }

    // tag::cadre-fifo[]
    /** The same check against a Cadre actor with the default (unbounded) mailbox. */
    public static Order cadreFifo(ActorSystem system, int senders, int each) throws InterruptedException {
        ActorRef<SeqMsg> receiver = system.spawnAnonymous(functional(new Seen(senders)));
        send(senders, each, receiver::tell);
        CompletableFuture<Order> r = new CompletableFuture<>();
        receiver.tell(new SeqMsg.Report(r));
        Order order = r.join();
        system.stop(receiver);
        return order;
    }

    /** Step 5's behaviour function, wrapped as a Cadre behaviour. */
    static Behavior<SeqMsg> functional(Seen initial) {
        return Behaviors.receiveMessage(msg -> {
            seen(initial, msg);
            return Behaviors.same();
        });
    }
    // end::cadre-fifo[]

    private static void send(int senders, int each, java.util.function.Consumer<SeqMsg> tell)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    tell.accept(new SeqMsg.Numbered(sender, i));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * What a full mailbox did.
     *
     * @param sent messages told while the receiver was busy
     * @param refused what the mailbox refused (tiny) or dropped (Cadre), as counted
     * @param deadLetters dead letters published for them (Cadre only)
     * @param processed messages the receiver handled once it was free again
     */
    public record Full(int sent, long refused, long deadLetters, long processed) {
    }

    // tag::tiny-bounded[]
    /** 150 messages to a tiny actor whose bounded mailbox holds 100, while it is busy. */
    public static Full tinyBounded(int capacity, int sent) throws InterruptedException {
        try (var receiver = new MailboxActor<>("receiver", TinyMailbox.<SeqMsg>bounded(capacity), new Seen(1),
                Step06TheMailbox::seen)) {
            Busy busy = new Busy();
            receiver.tell(new SeqMsg.Hold(busy));
            busy.entered().await();                 // it has taken the Hold: the mailbox is empty
            for (int i = 0; i < sent; i++) {
                receiver.tell(new SeqMsg.Numbered(0, i));
            }
            long refused = receiver.refused();
            busy.until().countDown();
            CompletableFuture<Order> r = new CompletableFuture<>();
            while (!r.isDone()) {                   // a full mailbox refuses the Report too: retry
                receiver.tell(new SeqMsg.Report(r));
                Thread.onSpinWait();
            }
            return new Full(sent, refused, 0, r.join().received());
        }
    }
    // end::tiny-bounded[]

    // tag::cadre-bounded[]
    /** The same with Cadre: a bounded mailbox that drops the newest message when full. */
    public static Full cadreBounded(ActorSystem system, int capacity, int sent) throws InterruptedException {
        Props props = Props.virtualThreads()   // the Hold blocks, which only virtual-thread actors may do
                .withMailbox(Mailbox.bounded(capacity, Overflow.dropNewest()));
        ActorRef<SeqMsg> receiver = system.spawnAnonymous(functional(new Seen(1)), props);
        long deadBefore = system.deadLetters().count(DeadLetter.Reason.DROPPED_NEWEST);
        Busy busy = new Busy();
        receiver.tell(new SeqMsg.Hold(busy));
        busy.entered().await();
        for (int i = 0; i < sent; i++) {
            receiver.tell(new SeqMsg.Numbered(0, i));   // never blocks, never throws
        }
        long dropped = system.metrics(receiver).dropped();
        long deadLetters = system.deadLetters().count(DeadLetter.Reason.DROPPED_NEWEST) - deadBefore;
        busy.until().countDown();
        while (system.metrics(receiver).depth() >= capacity) {
            Thread.onSpinWait();                // wait for room, or the Report would be dropped too
        }
        CompletableFuture<Order> r = new CompletableFuture<>();
        receiver.tell(new SeqMsg.Report(r));
        Order order = r.join();
        system.stop(receiver);
        return new Full(sent, dropped, deadLetters, order.received());
    }
    // end::cadre-bounded[]

    /**
     * Narrates the runs.
     *
     * @param out where to narrate
     * @return whether every claim held
     */
    public static boolean narrate(PrintStream out) throws InterruptedException {
        out.println("One account, one sender: deposit 100, then withdraw 30 (marked urgent), while the account is busy.");
        List<String> fifo = depositThenWithdraw(TinyMailbox.fifo());
        List<String> prio = depositThenWithdraw(TinyMailbox.priority(URGENT_FIRST));
        out.println("  FIFO mailbox:        " + fifo);
        out.println("  priority mailbox:    " + prio + "   <- same behaviour, other contract");
        out.println();
        int senders = 4;
        int each = 50_000;
        out.printf("%d senders each send 0, 1, 2, ... %,d; the receiver checks each sender's order:%n", senders, each);
        Order tiny = tinyFifo(senders, each);
        Order cadre;
        Full tinyFull = tinyBounded(100, 150);
        Full cadreFull;
        try (ActorSystem system = ActorSystem.create("step6")) {
            cadre = cadreFifo(system, senders, each);
            cadreFull = cadreBounded(system, 100, 150);
        }
        out.printf("  tiny FIFO mailbox: %,d received, %d out of order%n", tiny.received(), tiny.outOfOrder());
        out.printf("  Cadre (unbounded): %,d received, %d out of order%n", cadre.received(), cadre.outOfOrder());
        out.println();
        out.println("150 messages to a receiver whose mailbox holds 100, while it is busy:");
        out.printf("  tiny bounded mailbox: %d refused (counted by the sender's ref), %d processed afterwards%n",
                tinyFull.refused(), tinyFull.processed());
        out.printf("  Cadre, bounded(100, dropNewest): %d dropped (metrics), %d dead letters DROPPED_NEWEST, "
                + "%d processed afterwards%n", cadreFull.refused(), cadreFull.deadLetters(), cadreFull.processed());
        long total = (long) senders * each;
        return fifo.equals(List.of("deposit 100", "withdraw 30"))
                && prio.equals(List.of("withdraw 30 REFUSED (balance 0)", "deposit 100"))
                && tiny.received() == total && tiny.outOfOrder() == 0
                && cadre.received() == total && cadre.outOfOrder() == 0
                && tinyFull.refused() == 50 && tinyFull.processed() == 100
                && cadreFull.refused() == 50 && cadreFull.deadLetters() == 50 && cadreFull.processed() == 100;
    }
}
