package dev.cadre.cluster.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Behavior;
import dev.cadre.actor.Behaviors;
import dev.cadre.actor.DeadLetter;
import dev.cadre.actor.Mailbox;
import dev.cadre.actor.Overflow;
import dev.cadre.actor.Props;
import dev.cadre.cluster.Member;
import dev.cadre.cluster.NodeId;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcTransportTest {

    record Seq(int sender, int n) {
    }

    record Note(String text) {
    }

    record Get(String key, ActorRef<Integer> replyTo) {
    }

    record Echo(String text, ActorRef<Note> replyTo) {
    }

    /** Each node builds its own (a Codecs serves one transport), with the same ids. */
    static Codecs codecs() {
        return Codecs.builder().jackson(1, Seq.class).jackson(2, Note.class).jackson(3, Get.class)
                .jackson(4, Echo.class).jackson(5, Integer.class).build();
    }
    static final TransportSecurity SECRET = new TransportSecurity.SharedSecret(
            "sixteen-bytes-or-more".getBytes(StandardCharsets.UTF_8));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private record Node(ActorTestKit kit, GrpcTransport transport, Member member) {
    }

    private Node node(TransportSettings settings) {
        return node(settings, codecs());
    }

    private Node node(TransportSettings settings, Codecs codecs) {
        ActorTestKit kit = ActorTestKit.create();
        open.add(kit);
        NodeId id = NodeId.random();
        GrpcTransport t = GrpcTransport.start(settings, id, kit.system(), codecs);
        open.add(t);
        return new Node(kit, t, new Member(id, t.address()));
    }

    private Node node() {
        return node(TransportSettings.loopback(SECRET));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    @Test
    void eachTransportReadsAndWritesOnItsOneNetworkThread() throws Exception {
        // the decoder runs where a batch is read: record the thread of every decode, on both nodes
        List<String> decodedOn = new CopyOnWriteArrayList<>();
        java.util.function.Supplier<Codecs> traced = () -> Codecs.builder()
                .add(MessageCodec.of(1, String.class, text -> text.getBytes(StandardCharsets.UTF_8), bytes -> {
                    decodedOn.add(Thread.currentThread().getName());
                    return new String(bytes, StandardCharsets.UTF_8);
                }))
                .build();
        Node a = node(TransportSettings.loopback(SECRET), traced.get());
        Node b = node(TransportSettings.loopback(SECRET), traced.get());
        TestProbe<String> atA = a.kit().createTestProbe();
        ActorRef<String> back = b.transport().remoteRef(a.member(), atA.ref().path());
        b.kit().system().spawn(Behaviors.<String>receiveMessage(m -> {
            back.tell(m + " back");
            return Behaviors.same();
        }), "echo");
        a.transport().<String>remoteRef(b.member(), "/user/echo").tell("there");
        atA.expectMessage("there back");
        assertThat(decodedOn).containsExactly(
                "cadre-transport-" + b.member().id(), // the request, read by b's transport
                "cadre-transport-" + a.member().id()); // the reply, read by a's: the thread that also wrote the request
        // and that thread is the loop every outbound stream of the transport writes on
        assertThat(a.transport().loop().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .isEqualTo("cadre-transport-" + a.member().id());
    }

    @Test
    void messagesFromEachSenderArriveInTheOrderSent() throws Exception {
        Node a = node();
        Node b = node();
        TestProbe<Seq> probe = b.kit().createTestProbe();
        ActorRef<Seq> remote = a.transport().remoteRef(b.member(), probe.ref().path());
        int senders = 4;
        int each = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < each; n++) {
                    remote.tell(new Seq(sender, n));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        int[] next = new int[senders];
        for (Seq m : probe.receiveMessages(senders * each, Duration.ofSeconds(60))) {
            assertThat(m.n()).as("message from sender %d", m.sender()).isEqualTo(next[m.sender()]);
            next[m.sender()]++;
        }
        assertThat(b.transport().stats().messagesDelivered()).isEqualTo(senders * each);
        assertThat(a.transport().stats().messagesSent()).isEqualTo(senders * each);
        assertThat(a.transport().stats().batchesSent()).isLessThanOrEqualTo(senders * each);
    }

    @Test
    void messagesLargerThanABatchAndManyRecipientsPerBatchKeepTheirOrderAndRecipients() {
        // small batches (4 messages, 1 KiB): a 5 KiB message gets a batch of its own; each batch
        // declares its recipients again, and two refs to the same actor share a slot or not
        Node a = node(TransportSettings.loopback(SECRET).withBatch(4, 1024));
        Node b = node();
        TestProbe<Note> first = b.kit().createTestProbe();
        TestProbe<Note> second = b.kit().createTestProbe();
        List<ActorRef<Note>> refs = List.of(a.transport().remoteRef(b.member(), first.ref().path()),
                a.transport().remoteRef(b.member(), second.ref().path()),
                a.transport().remoteRef(b.member(), first.ref().path()));
        String big = "x".repeat(5 * 1024);
        List<Note> toFirst = new ArrayList<>();
        List<Note> toSecond = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Note n = new Note((i % 7 == 0 ? big : "") + i);
            int r = i % 3;
            refs.get(r).tell(n);
            (r == 1 ? toSecond : toFirst).add(n);
        }
        assertThat(first.receiveMessages(toFirst.size(), Duration.ofSeconds(30))).containsExactlyElementsOf(toFirst);
        assertThat(second.receiveMessages(toSecond.size(), Duration.ofSeconds(30))).containsExactlyElementsOf(toSecond);
        assertThat(a.transport().stats().messagesSent()).isEqualTo(60);
        assertThat(a.transport().stats().batchesSent()).isGreaterThanOrEqualTo(60 / 4);
        assertThat(a.transport().stats().unaccounted()).isZero();
    }

    /**
     * Node a sends {@code total} messages from one thread to a consumer on node b that blocks on
     * the first until {@code gate} opens, behind a bounded blocking mailbox.
     */
    private record Stuck(Node a, Node b, CountDownLatch gate, TestProbe<Integer> done, ActorRef<Seq> remote,
            Thread sender, List<String> outOfOrder) {
    }

    /**
     * Starts a {@link Stuck} and returns once its sender waits for room: the consumer is stuck, so
     * the mailbox, then the receiver's stream, then the HTTP/2 window, then the sender's queue
     * ({@code capacity}) fill up.
     */
    private Stuck stuck(int capacity, Duration sendTimeout, int total, int mailbox) {
        Node a = node(TransportSettings.loopback(SECRET).withOutbound(capacity, sendTimeout).withFlowControlWindow(65_535));
        Node b = node(TransportSettings.loopback(SECRET).withFlowControlWindow(65_535));
        CountDownLatch gate = new CountDownLatch(1);
        open.add(gate::countDown); // closed first: a test that fails before it opens the gate must not hang its teardown
        TestProbe<Integer> done = b.kit().createTestProbe();
        int[] expected = {0};
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        Behavior<Seq> slow = Behaviors.receive((ctx, m) -> {
            if (m.sender() != 0) {
                return Behaviors.same(); // another sender's: no part of the stream under test
            }
            if (m.n() == 0) {
                gate.await();
            }
            if (m.n() != expected[0]) { // the part of a batch a full mailbox refused goes in first, then the rest
                outOfOrder.add("expected " + expected[0] + ", got " + m.n());
            }
            expected[0] = m.n() + 1;
            if (m.n() == total - 1) {
                done.ref().tell(m.n());
            }
            return Behaviors.same();
        });
        ActorRef<Seq> consumer = b.kit().system().spawn(slow, "slow",
                Props.defaults().withMailbox(Mailbox.bounded(mailbox, Overflow.block(Duration.ofSeconds(60)))));
        ActorRef<Seq> remote = a.transport().remoteRef(b.member(), consumer.path());
        Thread sender = Thread.ofPlatform().start(() -> {
            for (int n = 0; n < total; n++) {
                remote.tell(new Seq(0, n));
            }
        });
        await("the sender blocks on a full outbound queue", () ->
                sender.getState() == Thread.State.TIMED_WAITING && a.transport().stats().maxQueued() == capacity);
        return new Stuck(a, b, gate, done, remote, sender, outOfOrder);
    }

    @Test
    void aSlowConsumerPushesBackToItsRemoteSendersQueueAndGetsEveryMessageInOrder() throws Exception {
        int capacity = 500;
        int total = 30_000;
        Stuck s = stuck(capacity, Duration.ofSeconds(60), total, 64);
        Node a = s.a();
        assertThat(s.sender().isAlive()).isTrue();
        long deliveredWhileStuck = s.b().transport().stats().messagesDelivered();
        assertThat(deliveredWhileStuck).isLessThan(total);
        s.gate().countDown();
        assertThat(s.done().receiveMessage(Duration.ofSeconds(60))).isEqualTo(total - 1);
        assertThat(s.outOfOrder()).as("every message, in the order sent").isEmpty();
        s.sender().join();
        assertThat(a.transport().stats().maxQueued()).isLessThanOrEqualTo(capacity);
        assertThat(a.transport().stats().undeliverable()).allSatisfy((r, n) -> assertThat(n).as(r.name()).isZero());
    }

    @Test
    void aSendOnTheNetworkThreadThatFindsTheQueueFullIsCountedAtOnceInsteadOfWaitingForRoomOnlyThatThreadMakes()
            throws Exception {
        int total = 5_000;
        int capacity = 100;
        Stuck s = stuck(capacity, Duration.ofHours(1), total, 16);
        Node a = s.a();
        ActorRef<Seq> remote = s.remote();
        List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        a.kit().system().deadLetters().addListener(deadLetters::add);
        // a callback on the network thread (an ask's reply completes there) sends to the same peer.
        // While it runs, that thread cannot drain the queue, so within `capacity` sends one finds
        // it full, whatever the peer's window let through before.
        TransportStats before = a.transport().stats();
        var onTheLoop = a.transport().loop().submit(() -> {
            int sent = 0;
            while (a.transport().stats().undeliverable(Undeliverable.Reason.SEND_TIMEOUT) == 0 && sent <= capacity) {
                remote.tell(new Seq(1, sent++));
            }
            return sent;
        });
        int sent = onTheLoop.get(30, TimeUnit.SECONDS); // without the rule: the first send to a full queue waits the hour
        assertThat(before.undeliverable(Undeliverable.Reason.SEND_TIMEOUT)).isZero();
        assertThat(a.transport().stats().undeliverable(Undeliverable.Reason.SEND_TIMEOUT)).isEqualTo(1);
        Seq refused = new Seq(1, sent - 1);
        await("its dead letter", () -> deadLetters.stream().anyMatch(d -> d.message().equals(refused)));
        s.gate().countDown();
        assertThat(s.done().receiveMessage(Duration.ofSeconds(60))).isEqualTo(total - 1);
        s.sender().join();
    }

    @Test
    void aMessageForNoActorIsCountedAtTheReceiver() {
        Node a = node();
        Node b = node();
        a.transport().remoteRef(b.member(), "/user/nobody").tell(new Note("hello?"));
        await("counted", () -> b.transport().stats().undeliverable(Undeliverable.Reason.NO_SUCH_ACTOR) == 1);
    }

    @Test
    void aMessageTheReceiverCountedIsNotCountedAgainWhenItsStreamBreaks() {
        Node a = node();
        Node b = node();
        ActorRef<Note> nobody = a.transport().remoteRef(b.member(), "/user/nobody");
        int n = 300; // past one acknowledgement (every 256)
        for (int i = 0; i < n; i++) {
            nobody.tell(new Note("hello? " + i));
        }
        await("counted at the receiver", () -> b.transport().stats().undeliverable(Undeliverable.Reason.NO_SUCH_ACTOR) == n);
        await("acknowledged", () -> a.transport().stats().messagesAcknowledged() >= 256);
        b.transport().close(); // the stream breaks: what was not acknowledged is UNCONFIRMED
        await("the break seen", () -> a.transport().stats().messagesPending() == 0);
        TransportStats sender = a.transport().stats();
        assertThat(sender.undeliverable(Undeliverable.Reason.UNCONFIRMED) + b.transport().stats().undeliverable(
                Undeliverable.Reason.NO_SUCH_ACTOR)).as("each message counted once, wherever").isLessThanOrEqualTo(n);
        assertThat(sender.messagesAccepted()).isEqualTo(n);
        assertThat(sender.unaccounted()).isZero();
    }

    @Test
    void everyMessageHandedToTheTransportEndsAcknowledgedOrCountedWithAReason() {
        Node a = node();
        Node b = node();
        TestProbe<Note> probe = b.kit().createTestProbe();
        ActorRef<Note> there = a.transport().remoteRef(b.member(), probe.ref().path());
        ActorRef<Note> nobody = a.transport().remoteRef(b.member(), "/user/nobody");
        for (int i = 0; i < 1_000; i++) {
            (i % 10 == 0 ? nobody : there).tell(new Note("m" + i));
        }
        await("received", () -> b.transport().stats().messagesReceived() == 1_000);
        assertThat(b.transport().stats().messagesDelivered()).isEqualTo(900);
        assertThat(b.transport().stats().undeliverable(Undeliverable.Reason.NO_SUCH_ACTOR)).isEqualTo(100);
        a.transport().peerDown(b.member().id());
        there.tell(new Note("after"));
        await("settled", () -> a.transport().stats().messagesPending() == 0);
        TransportStats sender = a.transport().stats();
        assertThat(sender.messagesAccepted()).isEqualTo(1_001);
        assertThat(sender.undeliverable(Undeliverable.Reason.PEER_DOWN)).isEqualTo(1);
        assertThat(sender.messagesAcknowledged() + sender.undeliverable(Undeliverable.Reason.UNCONFIRMED)).isEqualTo(1_000);
        assertThat(sender.unaccounted()).isZero();
    }

    @Test
    void everyMessageATransportCountsUndeliveredIsADeadLetterOfItsSystemWithTheCoresReason() {
        Node a = node();
        Node b = node();
        List<DeadLetter> atA = new CopyOnWriteArrayList<>();
        List<DeadLetter> atB = new CopyOnWriteArrayList<>();
        a.kit().system().deadLetters().addListener(atA::add);
        b.kit().system().deadLetters().addListener(atB::add);
        ActorRef<Note> nobody = a.transport().remoteRef(b.member(), "/user/nobody");
        int n = 300; // past one acknowledgement (every 256): the rest is unconfirmed when the stream breaks
        for (int i = 0; i < n; i++) {
            nobody.tell(new Note("hello? " + i));
        }
        await("no such actor, at the receiver", () -> atB.size() == n);
        assertThat(atB).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DeadLetter.Reason.RECIPIENT_TERMINATED);
            assertThat(d.recipient().path()).isEqualTo("/user/nobody");
            assertThat(d.message()).isInstanceOf(Note.class); // the message itself, decoded
        });
        assertThat(b.transport().stats().undeliverable(Undeliverable.Reason.NO_SUCH_ACTOR)).isEqualTo(n);
        b.transport().close(); // the stream breaks: what the receiver did not acknowledge is UNCONFIRMED
        await("the break seen", () -> a.transport().stats().messagesPending() == 0);
        a.transport().peerDown(b.member().id());
        nobody.tell(new Note("to a node that is down"));
        TransportStats sender = a.transport().stats();
        assertThat(sender.undeliverable(Undeliverable.Reason.PEER_DOWN)).isEqualTo(1);
        await("dead letters at the sender", () -> atA.size() == sender.undeliverableSending());
        assertThat(atA.stream().filter(d -> d.reason() == DeadLetter.Reason.UNCONFIRMED).count())
                .isEqualTo(sender.undeliverable(Undeliverable.Reason.UNCONFIRMED));
        DeadLetter down = atA.get(atA.size() - 1);
        assertThat(down.reason()).isEqualTo(DeadLetter.Reason.NODE_DOWN);
        assertThat(down.message()).isEqualTo(new Note("to a node that is down"));
        assertThat(down.recipient()).isEqualTo(nobody);
        assertThat(a.kit().system().deadLetters().count(DeadLetter.Reason.NODE_DOWN)).isEqualTo(1);
    }

    @Test
    void aPeerWithTheWrongSecretIsRefusedAndGetsNothingDelivered() {
        Node a = node(TransportSettings.loopback(new TransportSecurity.SharedSecret(
                "another-secret-of-16+".getBytes(StandardCharsets.UTF_8))));
        Node b = node();
        TestProbe<Note> probe = b.kit().createTestProbe();
        a.transport().remoteRef(b.member(), probe.ref().path()).tell(new Note("let me in"));
        await("refused", () -> a.transport().stats().undeliverable(Undeliverable.Reason.PEER_DOWN) == 1);
        assertThat(b.transport().stats().messagesDelivered()).isZero();
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void anotherIncarnationAtThePeersAddressRefusesTheStream() {
        Node a = node();
        Node b = node();
        Member stale = new Member(NodeId.random(), b.transport().address()); // a previous incarnation
        a.transport().remoteRef(stale, "/user/anyone").tell(new Note("for the old one"));
        await("refused", () -> a.transport().stats().undeliverable(Undeliverable.Reason.PEER_DOWN) == 1);
        assertThat(b.transport().stats().messagesDelivered()).isZero();
    }

    @Test
    void aPeerDeclaredDownGetsNothingMore() {
        Node a = node();
        Node b = node();
        TestProbe<Note> probe = b.kit().createTestProbe();
        ActorRef<Note> remote = a.transport().remoteRef(b.member(), probe.ref().path());
        remote.tell(new Note("before"));
        probe.expectMessage(new Note("before"));
        a.transport().peerDown(b.member().id());
        remote.tell(new Note("after"));
        assertThat(a.transport().stats().undeliverable(Undeliverable.Reason.PEER_DOWN)).isEqualTo(1);
        probe.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aMessageWithoutACodecIsRefusedAtTheSender() {
        Node a = node();
        Node b = node();
        ActorRef<Object> remote = a.transport().remoteRef(b.member(), "/user/x");
        assertThatThrownBy(() -> remote.tell(42L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Long");
    }

    @Test
    void mutualTlsCarriesMessagesAndAnUnknownCertificateGetsNothingThrough(@TempDir Path dir) throws Exception {
        TransportSecurity cluster = Certificates.selfSigned(dir, "cluster");
        TransportSecurity intruder = Certificates.selfSigned(dir, "intruder");
        Node a = node(TransportSettings.loopback(cluster));
        Node b = node(TransportSettings.loopback(cluster));
        Node x = node(TransportSettings.loopback(intruder));
        TestProbe<Note> probe = b.kit().createTestProbe();
        x.transport().remoteRef(b.member(), probe.ref().path()).tell(new Note("intruder"));
        await("the intruder's stream fails", () -> x.transport().stats().streamsFailed() >= 1);
        a.transport().remoteRef(b.member(), probe.ref().path()).tell(new Note("member"));
        probe.expectMessage(new Note("member"));
        probe.expectNoMessage(Duration.ofMillis(200));
        assertThat(b.transport().stats().messagesDelivered()).isEqualTo(1);
        assertThat(x.transport().stats().messagesSent()).isZero();
    }

    @Test
    void askAcrossNodesIsAnsweredThroughAReplyToThatTravelsAsAnAddress() {
        Node a = node();
        Node b = node();
        b.kit().system().spawn(Behaviors.<Get>receive((ctx, g) -> {
            g.replyTo().tell(g.key().length());
            return Behaviors.same();
        }), "lengths");
        ActorRef<Get> remote = a.transport().remoteRef(b.member(), "/user/lengths");
        int n = remote.<Integer>ask(r -> new Get("twelve chars", r), Duration.ofSeconds(10)).join();
        assertThat(n).isEqualTo(12);
    }

    @Test
    void aPeerUpAgainAfterBeingDeclaredDownGetsMessagesAgain() {
        Node a = node();
        Node b = node();
        TestProbe<Note> probe = b.kit().createTestProbe();
        ActorRef<Note> remote = a.transport().remoteRef(b.member(), probe.ref().path());
        remote.tell(new Note("before"));         // the ref now knows the peer's outbound
        probe.expectMessage(new Note("before"));
        a.transport().peerDown(b.member().id()); // removed from the membership (frozen, say)
        remote.tell(new Note("while down"));     // counted PEER_DOWN
        a.transport().peerUp(b.member().id());   // merged back: the same incarnation
        remote.tell(new Note("after"));
        probe.expectMessage(new Note("after"));
        assertThat(a.transport().stats().undeliverable(Undeliverable.Reason.PEER_DOWN)).isEqualTo(1);
    }

    @Test
    void aRefInsideAMessageSendsBackToItsNode() {
        Node a = node();
        Node b = node();
        b.kit().system().spawn(Behaviors.<Echo>receive((ctx, e) -> {
            e.replyTo().tell(new Note(e.text() + "!"));
            return Behaviors.same();
        }), "echo");
        TestProbe<Note> probe = a.kit().createTestProbe();
        a.transport().<Echo>remoteRef(b.member(), "/user/echo").tell(new Echo("hi", probe.ref()));
        probe.expectMessage(new Note("hi!"));
    }

    @Test
    void anUnansweredAskTimesOutAndALateReplyIsCounted() {
        Node a = node();
        Node b = node();
        java.util.List<Get> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        b.kit().system().spawn(Behaviors.<Get>receive((ctx, g) -> {
            held.add(g); // answers only later
            return Behaviors.same();
        }), "slow");
        ActorRef<Get> remote = a.transport().remoteRef(b.member(), "/user/slow");
        var reply = remote.<Integer>ask(r -> new Get("x", r), Duration.ofMillis(200));
        assertThatThrownBy(reply::join).hasCauseInstanceOf(dev.cadre.actor.AskTimeoutException.class)
                .hasMessageContaining("/user/slow");
        await("the request arrived", () -> held.size() == 1);
        held.getFirst().replyTo().tell(1);
        await("the late reply is counted", () ->
                a.transport().stats().undeliverable(Undeliverable.Reason.NO_SUCH_ACTOR) == 1);
    }
}
