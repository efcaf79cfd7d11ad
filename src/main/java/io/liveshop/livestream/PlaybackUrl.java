package io.liveshop.livestream;

import io.liveshop.platform.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** The player address of a stream: an absolute http(s) or ws(s) URL with a host, or none. */
final class PlaybackUrl {

    private static final Set<String> SCHEMES = Set.of("https", "http", "wss", "ws");

    private PlaybackUrl() {
    }

    static String validate(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String trimmed = url.strip();
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase())
                    && uri.getHost() != null && uri.getUserInfo() == null) {
                return trimmed;
            }
        } catch (URISyntaxException ignored) {
            // fall through to the problem below
        }
        throw ProblemException.invalidField("playbackUrl",
                "must be an absolute https, http, wss or ws URL with a host (the HLS or WebRTC address of the video)");
    }
}
