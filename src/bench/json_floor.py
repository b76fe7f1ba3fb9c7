#!/usr/bin/env python3
"""The floor for a 100,000-image snapshot in Python: read the file with json.load and write it back with
json.dump, nothing else. Compare its time and peak memory with ecrsweep's plan of the same file.

Usage: /usr/bin/time -f "%e s %M KB" python3 src/bench/json_floor.py target/bench/big.json
"""
import json
import sys

with open(sys.argv[1]) as f:
    data = json.load(f)
with open("/dev/null", "w") as out:
    json.dump(data, out)
