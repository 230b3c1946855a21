package dev.cadre.fulfillment.warehouse;

import dev.cadre.actor.ActorRef;
import dev.cadre.fulfillment.OrderRequest.Line;
import java.util.List;

/** The warehouse pipeline's messages: pick, then pack, then label. */
public sealed interface WarehouseMsg {

    /**
     * To the picker: pick every line of an order.
     *
     * @param orderId the order
     * @param lines its lines
     * @param replyTo gets {@link Labelled} from the label printer at the end of the pipeline
     */
    record PickOrder(String orderId, List<Line> lines, ActorRef<Labelled> replyTo) implements WarehouseMsg {
    }

    /**
     * From the picker to the packer: one line is picked.
     *
     * @param orderId the order
     * @param line which line
     * @param lines how many lines the order has
     * @param units units on this line
     * @param replyTo the order's reply-to
     */
    record Picked(String orderId, int line, int lines, int units, ActorRef<Labelled> replyTo) implements WarehouseMsg {
    }

    /**
     * From the packer to the label printer: the parcel is packed.
     *
     * @param orderId the order
     * @param units units in the parcel
     * @param replyTo the order's reply-to
     */
    record Packed(String orderId, int units, ActorRef<Labelled> replyTo) implements WarehouseMsg {
    }

    /**
     * The pipeline's answer to the order: its parcel is packed and labelled.
     *
     * @param orderId the order
     * @param label the shipping label
     */
    record Labelled(String orderId, String label) {
    }

    /**
     * From the receptionist (through a message adapter): the stage after this one is now
     * {@code next} (at the start, and should it ever be replaced by a new actor). Not counted as
     * traffic: the runtime sends it.
     *
     * @param next the next stage, if one is registered
     */
    record NextStage(java.util.Optional<ActorRef<WarehouseMsg>> next) implements WarehouseMsg {
    }
}
