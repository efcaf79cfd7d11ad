#!/usr/bin/env python3
"""Top frames of a JFR recording's Java and native-method samples (threads in a native call, e.g. a socket write), optionally only within [startMs-endMs] (epoch ms).
usage: jfr-top.py rec.jfr [startMs-endMs]"""
import collections, datetime, json, subprocess, sys

rec = sys.argv[1]
window = tuple(int(x) for x in sys.argv[2].split("-")) if len(sys.argv) > 2 and sys.argv[2] else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", rec],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
selfc, incl, total = collections.Counter(), collections.Counter(), 0
for e in events:
    v = e["values"]
    t = datetime.datetime.fromisoformat(v["startTime"].replace("Z", "+00:00")).timestamp() * 1000
    if window and not (window[0] <= t <= window[1]):
        continue
    frames = [f"{f['method']['type']['name']}.{f['method']['name']}" for f in (v["stackTrace"] or {}).get("frames", [])]
    if not frames:
        continue
    native = e.get("type", "") == "jdk.NativeMethodSample"
    if native and any(w in frames[0] for w in ("Wait", "wait", "poll", "park", "accept", "sleep", "FileInputStream.readBytes")):
        continue  # a thread waiting in the kernel (or on a pipe), not work
    total += 1
    selfc[("[native] " if native else "") + frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
print(f"{total} samples in window")
print("-- top self frames --")
for f, n in selfc.most_common(25):
    print(f"{100 * n / total:5.1f}%  {f}")
print("-- top inclusive frames (io.liveshop, io.vertx, io.netty, jackson) --")
for f, n in [x for x in incl.most_common(400) if x[0].startswith(("io.liveshop", "io.vertx", "io.netty", "com.fasterxml"))][:35]:
    print(f"{100 * n / total:5.1f}%  {f}")
