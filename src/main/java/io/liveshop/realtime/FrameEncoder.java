package io.liveshop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the wire format: {@code {"type","seq","streamId","data"}} for events, plus control frames. */
@ApplicationScoped
public class FrameEncoder {

    private final ObjectMapper json;
    /** Every snapshot section a feature declares, name → single, so an empty one still renders ([] or null). */
    private final Map<String, Boolean> sections = new LinkedHashMap<>();

    FrameEncoder(ObjectMapper json, Instance<SnapshotSection> declared) {
        this.json = json;
        declared.forEach(section -> sections.put(section.name(), section.single()));
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
    byte[] snapshot(long seq, String epoch, long streamId, Object stream, int live, int peak, Collection<Frame> state,
            Map<String, ? extends Map<String, Object>> items) {
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
        write(out, "]");
        for (Map.Entry<String, Boolean> section : sections.entrySet()) {
            writeSection(out, section.getKey(), section.getValue(), items.get(section.getKey()));
        }
        for (Map.Entry<String, ? extends Map<String, Object>> section : items.entrySet()) {
            if (!sections.containsKey(section.getKey())) {
                writeSection(out, section.getKey(), false, section.getValue());
            }
        }
        write(out, "}}");
        return out.toByteArray();
    }

    private void writeSection(ByteArrayOutputStream out, String name, boolean single, Map<String, Object> items) {
        write(out, ",\"" + name + "\":");
        if (single) {
            out.writeBytes(items == null || items.isEmpty() ? "null".getBytes(StandardCharsets.UTF_8)
                    : bytes(items.values().iterator().next()));
            return;
        }
        out.write('[');
        if (items != null) {
            boolean first = true;
            for (Object item : items.values()) {
                if (!first) {
                    out.write(',');
                }
                out.writeBytes(bytes(item));
                first = false;
            }
        }
        out.write(']');
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
