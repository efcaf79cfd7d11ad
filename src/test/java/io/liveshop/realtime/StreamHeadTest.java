package io.liveshop.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster-wide stream head survives its string form: sequence, frames, state order, section updates. */
class StreamHeadTest {

    @Test
    void appendsAndRoundTrips() throws Exception {
        StreamHead head = StreamHead.first("ab12cd34")
                .next("pin", "{\"type\":\"pinned\",\"seq\":1,\"data\":{\"title\":\"tab\\there, line\\nthere\"}}", "")
                .next("stock:7", "{\"type\":\"stock\",\"seq\":2}", "sales\tsale:3\t{\"id\":3,\"soldOut\":false}")
                .next("pin", "{\"type\":\"pinned\",\"seq\":3}", "sales\tsale:3\t")
                .next(null, "{\"type\":\"sale.ended\",\"seq\":4}", "");
        StreamHead back = StreamHead.decode(head.encode());
        assertEquals(head, back);
        assertEquals(4, back.seq());
        assertEquals("ab12cd34", back.epoch());
        assertEquals(List.of("stock:7", "pin"), List.copyOf(back.stateFrames().keySet()), "latest per key, in order");
        assertEquals("{\"type\":\"pinned\",\"seq\":3}",
                new String(back.stateFrames().get("pin").bytes(), StandardCharsets.UTF_8));
        assertNull(back.lastFrame().key());
        assertEquals(4, back.lastFrame().seq());
        assertNull(back.sectionUpdate());
    }

    @Test
    void sectionItemsStayRawJson() throws Exception {
        StreamHead head = StreamHead.first("e").next(null, "{}", "sales\tsale:3\t{\"id\":3}");
        var update = StreamHead.decode(head.encode()).sectionUpdate();
        assertEquals("sales", update.section());
        assertEquals("sale:3", update.key());
        assertEquals("{\"id\":3}", new ObjectMapper().writeValueAsString((RawValue) update.item()));
        var removed = StreamHead.decode(StreamHead.first("e").next(null, "{}", "sales\tsale:3\t").encode())
                .sectionUpdate();
        assertNull(removed.item());
    }

    @Test
    void knowsTheHeadThatEndedTheStream() {
        StreamHead live = StreamHead.first("e").next("status", "{\"type\":\"status\",\"seq\":1,\"data\":{\"status\":\"LIVE\"}}", "");
        StreamHead over = live.next("status", "{\"type\":\"ended\",\"seq\":2,\"data\":{\"status\":\"ENDED\"}}", "");
        StreamHead after = over.next("stock:7", "{\"type\":\"stock\",\"seq\":3}", "");
        assertFalse(live.endsStream());
        assertTrue(StreamHead.decode(over.encode()).endsStream());
        assertFalse(after.endsStream(), "only the head whose last event is the end");
    }
}
