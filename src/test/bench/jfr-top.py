#!/usr/bin/env python3
"""Top costs of a JFR recording: self samples per method and inclusive samples per method (a method counted once
per sample), from `jfr print --events jdk.ExecutionSample`.  Usage: jfr-top.py rec.jfr [N] [filter-substring]"""
import re
import subprocess
import sys
from collections import Counter

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
only = sys.argv[3] if len(sys.argv) > 3 else None
text = subprocess.run(["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                      capture_output=True, text=True, check=True).stdout
frame = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
CATEGORIES = [
    ("database: Hibernate Reactive, Panache, pg client", ("org.hibernate", "io.vertx.pgclient", "io.vertx.sqlclient",
                                                          "io.quarkus.hibernate")),
    ("authentication: JWT parsing and verification", ("org.jose4j", "io.smallrye.jwt", "io.quarkus.smallrye.jwt")),
    ("security checks and identity", ("io.quarkus.security", "io.quarkus.vertx.http.runtime.security",
                                      "io.quarkus.resteasy.reactive.server.runtime.security")),
    ("JSON serialization (Jackson)", ("com.fasterxml.jackson",)),
    ("health check", ("io.smallrye.health", "io.quarkus.smallrye.health")),
    ("Quarkus REST dispatch", ("org.jboss.resteasy.reactive",)),
    ("LiveShop code", ("io.liveshop",)),
    ("Mutiny / context propagation", ("io.smallrye.mutiny", "io.smallrye.context")),
]
categories = Counter()
self_cost, inclusive, samples = Counter(), Counter(), 0
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = [m.group(1) for m in (frame.match(l) for l in event.splitlines()) if m]
    if not frames:
        continue
    samples += 1
    self_cost[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
    # a sample belongs to the innermost frame that falls in a category: the code that was running
    categories[next((label for f in frames for label, prefixes in CATEGORIES if f.startswith(prefixes)),
                    "other: Netty, Vert.x, JDK")] += 1
print(f"{samples} samples")
print("categories (by the innermost frame in a category):")
for label, n in categories.most_common():
    print(f"  {100.0 * n / samples:5.1f}%  {label}")
print("self:")
for name, n in self_cost.most_common(top):
    print(f"  {100.0 * n / samples:5.1f}%  {name}")
print("inclusive:")
for name, n in inclusive.most_common(400):
    if only is None or only in name:
        print(f"  {100.0 * n / samples:5.1f}%  {name}")
        top -= 1
        if top == 0:
            break
