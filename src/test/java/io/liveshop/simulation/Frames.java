package io.liveshop.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.http.action.ws.WsInboundMessage;
import java.util.ArrayList;
import java.util.List;

/** Reads the gateway's JSON frames ({@code {"type":…, "seq":…, "data":{…}}}) out of Gatling's inbound buffer. */
final class Frames {

    record Frame(long receivedAt, String type, long seq, JsonNode data) {
    }

    private Frames() {
    }

    static List<Frame> parse(List<WsInboundMessage> messages) {
        List<Frame> frames = new ArrayList<>(messages.size());
        for (WsInboundMessage message : messages) {
            if (message instanceof WsInboundMessage.Text text) {
                try {
                    JsonNode node = LiveShopClient.JSON.readTree(text.message());
                    frames.add(new Frame(text.timestamp(), node.path("type").asText(), node.path("seq").asLong(-1),
                            node.path("data")));
                } catch (Exception e) {
                    frames.add(new Frame(text.timestamp(), "unparseable", -1, null));
                }
            }
        }
        return frames;
    }
}
