package io.liveshop.auction;

public enum AuctionStatus {
    RUNNING, CLOSED, CANCELLED
}
