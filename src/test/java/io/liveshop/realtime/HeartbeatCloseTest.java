package io.liveshop.realtime;

import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 1001 row of the close-code table, with the heartbeat shortened from 20 s / 75 s to 1 s / 3 s. */
@QuarkusTest
@TestProfile(HeartbeatCloseTest.ShortHeartbeat.class)
class HeartbeatCloseTest {

    public static class ShortHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.realtime.ping-interval", "PT1S", "liveshop.realtime.dead-after", "PT3S");
        }
    }

    @Test
    void aClientThatAnswersNoPingIsClosedWith1001() throws Exception {
        Streams stream = Streams.live(1, 5);
        // A raw client reads every frame but never answers the server's pings.
        try (Socket silent = WsClient.frozen(stream.streamId(), token(unique("silent"), "viewer"))) {
            silent.setSoTimeout(60_000);
            assertEquals(1001, WsClient.closeCode(silent));
        }
    }
}
