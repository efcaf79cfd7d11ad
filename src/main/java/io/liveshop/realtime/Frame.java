package io.liveshop.realtime;

/** One encoded event: serialized once, the same bytes go to every viewer. */
record Frame(long seq, String key, byte[] bytes) {
}
