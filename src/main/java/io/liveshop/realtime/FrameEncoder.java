package io.liveshop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/** Writes the wire format: {@code {"type","seq","streamId","data"}} for events, plus control frames. */
@ApplicationScoped
public class FrameEncoder {

    private final ObjectMapper json;

    FrameEncoder(ObjectMapper json) {
        this.json = json;
    }

    Frame event(long seq, StreamEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("type", event.type());
        node.put("seq", seq);
        node.put("streamId", event.streamId());
        node.set("data", json.valueToTree(event));
        byte[] bytes = bytes(node);
        return new Frame(seq, event.coalesceKey(), bytes, WireSocket.textFrame(bytes));
    }

    byte[] user(UserEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("type", event.type());
        node.set("data", json.valueToTree(event));
        return bytes(node);
    }

    /** A snapshot: the stream as stored, the audience, and the latest state frames, reusing their bytes. */
    byte[] snapshot(long seq, String epoch, long streamId, Object stream, int live, int peak, Collection<Frame> state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        write(out, "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"epoch\":\"" + epoch + "\",\"streamId\":" + streamId
                + ",\"data\":{\"stream\":");
        out.writeBytes(bytes(stream));
        write(out, ",\"viewers\":{\"live\":" + live + ",\"peak\":" + peak + "},\"state\":[");
        boolean first = true;
        for (Frame frame : state) {
            if (!first) {
                out.write(',');
            }
            out.writeBytes(frame.bytes());
            first = false;
        }
        write(out, "]}}");
        return out.toByteArray();
    }

    byte[] control(String type, Map<String, ?> fields) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        fields.forEach((k, v) -> node.set(k, json.valueToTree(v)));
        return bytes(node);
    }

    /** The one answer to a client's command: {@code {"type","requestId","data"}}. */
    byte[] answer(String type, String requestId, Object data) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        node.put("requestId", requestId);
        node.set("data", json.valueToTree(data));
        return bytes(node);
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
