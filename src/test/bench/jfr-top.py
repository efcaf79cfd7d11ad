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
self_cost, inclusive, samples = Counter(), Counter(), 0
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = [m.group(1) for m in (frame.match(l) for l in event.splitlines()) if m]
    if not frames:
        continue
    samples += 1
    self_cost[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"{samples} samples")
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
