package io.liveshop.web;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "liveshop.web")
public interface WebConfig {

    /**
     * Origins of the sites that may frame the viewer page and hand it their user's token by {@code postMessage}
     * ({@code https://shop.example}; {@code http://127.0.0.1:*} for any port). None: only the page's own origin.
     */
    Optional<List<String>> embedOrigins();
}
