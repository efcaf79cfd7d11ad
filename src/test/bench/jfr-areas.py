#!/usr/bin/env python3
"""Top costs in a JFR recording: the hottest methods (self time) and the share of samples whose stack passes through
each area of interest (inclusive, so shares overlap). Usage: jfr-areas.py rec.jfr [top-n]"""
import collections, json, re, subprocess, sys

JFR = sys.argv[1]
TOP = int(sys.argv[2]) if len(sys.argv) > 2 else 20
AREAS = [  # label, regex on "class.method" of any frame
    ("JWT: RSA signature check", r"^(java\.math\.BigInteger|sun\.security\.rsa|sun\.security\.provider\.SHA)"),
    ("JWT: parse/verify (jose4j, smallrye-jwt, base64)", r"^(org\.jose4j|io\.smallrye\.jwt|java\.util\.Base64)"),
    ("SmallRye Config look-ups", r"^io\.smallrye\.config"),
    ("Micrometer", r"^io\.micrometer"),
    ("Infinispan (admission caches)", r"^org\.infinispan"),
    ("Jackson (JSON)", r"^com\.fasterxml\.jackson"),
    ("Reactive messaging (events)", r"^io\.smallrye\.reactive\.messaging"),
    ("Database (Hibernate Reactive, Panache, pg client)", r"^(org\.hibernate|io\.quarkus\.hibernate|io\.vertx\.(pgclient|sqlclient))"),
    ("Health check", r"^(io\.smallrye\.health|io\.quarkus\.smallrye\.health)"),
    ("Mutiny / context propagation", r"^(io\.smallrye\.mutiny|io\.smallrye\.context)"),
    ("Quarkus security", r"^io\.quarkus\.(security|vertx\.http\.runtime\.security|smallrye\.jwt)"),
    ("RESTEasy Reactive", r"^org\.jboss\.resteasy\.reactive"),
    ("WebSocket gateway (realtime)", r"^io\.liveshop\.realtime"),
    ("flashsale buy path", r"^io\.liveshop\.(flashsale|order)"),
    ("Netty/Vert.x I/O", r"^(io\.netty|io\.vertx\.core\.net|io\.vertx\.core\.http)"),
]

out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", JFR], capture_output=True,
                     text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
selfc = collections.Counter()
threads = collections.Counter()
area = collections.Counter()
innermost = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in frames]
    if names:
        selfc[names[0]] += 1
    t = e["values"].get("sampledThread") or {}
    threads[re.sub(r"\d+", "N", (t.get("javaName") or t.get("osName") or "?"))] += 1
    for label, rx in AREAS:
        if any(re.search(rx, n) for n in names):
            area[label] += 1
    inner = "other (JDK, Arc, Mutiny, ...)"
    for n in names:
        hit = next((label for label, rx in AREAS if re.search(rx, n)), None)
        if hit:
            inner = hit
            break
    innermost[inner] += 1
n = len(events)
print(f"{JFR}: {n} execution samples")
print("inclusive share by area (a sample counts in every area its stack passes through):")
for label, _ in AREAS:
    if area[label]:
        print(f"  {100.0 * area[label] / n:5.1f} %  {label}")
print("samples by thread: " + ", ".join(f"{k} {100.0 * v / n:.0f} %" for k, v in threads.most_common(6)))
print("exclusive share by area (each sample counted once, in the innermost area its stack passes through):")
for label, c in innermost.most_common():
    print(f"  {100.0 * c / n:5.1f} %  {label}")
print(f"top {TOP} methods by self samples:")
for name, c in selfc.most_common(TOP):
    print(f"  {100.0 * c / n:5.1f} %  {name}")
