package io.liveshop.livestream;

public enum LiveStreamStatus {
    SCHEDULED, LIVE, ENDED
}
