package io.liveshop.realtime;

import com.fasterxml.jackson.databind.util.RawValue;
import io.liveshop.platform.events.SnapshotSection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster-wide head of one stream, the value of its entry in the replicated {@code stream-heads} cache: the
 * stream's epoch, its last sequence number, the last event's frame and the latest frame of every state key (what
 * a snapshot shows). Kept as one string, so nodes share it without any marshaller set-up; one line per field
 * (JSON text never holds a raw newline): epoch, seq, key of the last frame, the last frame, its snapshot-section update, then
 * {@code key<TAB>frame} per state entry.
 */
record StreamHead(String epoch, long seq, String key, String frame, String section, Map<String, String> state) {

    static StreamHead first(String epoch) {
        return new StreamHead(epoch, 0, "", "", "", Map.of());
    }

    /**
     * The head after one more event, stamped {@code seq + 1}; {@code section} is its snapshot-section update as
     * {@code section<TAB>key<TAB>item JSON} (no JSON: the item is removed), or empty.
     */
    StreamHead next(String eventKey, String eventFrame, String section) {
        Map<String, String> after = new LinkedHashMap<>(state);
        if (eventKey != null) {
            after.remove(eventKey);
            after.put(eventKey, eventFrame);
        }
        return new StreamHead(epoch, seq + 1, eventKey == null ? "" : eventKey, eventFrame, section, after);
    }

    String encode() {
        StringBuilder out = new StringBuilder(frame.length() * 2 + 64);
        out.append(epoch).append('\n').append(seq).append('\n').append(key).append('\n').append(frame).append('\n')
                .append(section);
        state.forEach((k, v) -> out.append('\n').append(k).append('\t').append(v));
        return out.toString();
    }

    static StreamHead decode(String text) {
        String[] lines = text.split("\n", -1);
        Map<String, String> state = new LinkedHashMap<>();
        for (int i = 5; i < lines.length; i++) {
            int tab = lines[i].indexOf('\t');
            state.put(lines[i].substring(0, tab), lines[i].substring(tab + 1));
        }
        return new StreamHead(lines[0], Long.parseLong(lines[1]), lines[2], lines[3], lines[4], state);
    }

    /** The last event's section update, its item kept as raw JSON (serialized as is into snapshots), or null. */
    SnapshotSection.SectionUpdate sectionUpdate() {
        if (section.isEmpty()) {
            return null;
        }
        String[] parts = section.split("\t", 3);
        return new SnapshotSection.SectionUpdate(parts[0], parts[1], parts[2].isEmpty() ? null : new RawValue(parts[2]));
    }

    /** Whether the last event ended the stream (the encoder writes the type first: {@code {"type":"ended",…}}). */
    boolean endsStream() {
        return "status".equals(key) && frame.startsWith("{\"type\":\"ended\"");
    }

    Frame lastFrame() {
        return frame(seq, key.isEmpty() ? null : key, frame);
    }

    Map<String, Frame> stateFrames() {
        Map<String, Frame> frames = new LinkedHashMap<>();
        state.forEach((k, v) -> frames.put(k, frame(0, k, v)));
        return frames;
    }

    private static Frame frame(long seq, String key, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new Frame(seq, key, bytes, WireSocket.textFrame(bytes));
    }
}
