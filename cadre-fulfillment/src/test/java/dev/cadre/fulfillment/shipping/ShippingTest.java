package dev.cadre.fulfillment.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.actor.ActorRef;
import dev.cadre.actor.Supervisor;
import dev.cadre.actor.SupervisionEvent;
import dev.cadre.fulfillment.FaultPlan;
import dev.cadre.fulfillment.Traffic;
import dev.cadre.testkit.ActorTestKit;
import dev.cadre.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Why shipping is supervised one-for-all: the dock and the carrier share a manifest session. A
 * carrier crash under one-for-all restarts both and shipping goes on in a new session; under
 * one-for-one the fresh carrier knows no session, and every parcel is refused from then on.
 */
class ShippingTest {

    private ShippingMsg.Reply crashTheCarrierThenShip(Supervisor.Strategy strategy, int restartsExpected) {
        try (var kit = ActorTestKit.deterministic(1)) {
            TestProbe<SupervisionEvent> events = kit.createTestProbe();
            kit.system().supervisionEvents().subscribe(events.ref());
            kit.spawn(Shipping.supervisor(16, Duration.ofSeconds(1), new Traffic(), FaultPlan.none(),
                    new Shipping.Stats(), 10, strategy), "shipping");
            ActorRef<ShippingMsg> dock = kit.await(kit.system().receptionist().await(Shipping.DOCK, Duration.ofSeconds(5)));
            ActorRef<ShippingMsg> carrier = kit.await(kit.system().receptionist().await(Shipping.CARRIER, Duration.ofSeconds(5)));
            TestProbe<ShippingMsg.Reply> order = kit.createTestProbe();

            dock.tell(new ShippingMsg.Ship("o-1", "LBL-o-1", order.ref()));
            var first = (ShippingMsg.Shipped) order.expectMessageClass(ShippingMsg.Shipped.class);
            long session = Long.parseLong(first.tracking().split("-")[1]);

            // A manifest gap in the open session: the carrier fails.
            carrier.tell(new ShippingMsg.Handover(session, 5, "o-x", order.ref()));
            for (int restarts = 0; restarts < restartsExpected; ) {
                if (events.receiveMessage() instanceof SupervisionEvent.Restarted) {
                    restarts++;
                }
            }
            dock.tell(new ShippingMsg.Ship("o-2", "LBL-o-2", order.ref()));
            return order.receiveMessage();
        }
    }

    @Test
    void oneForAllRestartsBothAndShipsInANewSession() {
        var reply = crashTheCarrierThenShip(Supervisor.Strategy.ONE_FOR_ALL, 2);
        assertThat(reply).isInstanceOf(ShippingMsg.Shipped.class);
        assertThat(((ShippingMsg.Shipped) reply).tracking()).endsWith("-1"); // line 1 of a new session
    }

    @Test
    void oneForOneWouldLeaveTheDockInABrokenSession() {
        var reply = crashTheCarrierThenShip(Supervisor.Strategy.ONE_FOR_ONE, 1);
        assertThat(reply).isEqualTo(new ShippingMsg.Refused("o-2"));
    }
}
