package io.liveshop.returns;

public enum ReturnStatus {
    REQUESTED, ACCEPTED, REJECTED
}
