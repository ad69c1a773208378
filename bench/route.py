"""The day's route: ordering visit stops with coordinates, against the plan and the optimum.

    python bench/route.py [STOPS]      (default 40)

- ms: ordering STOPS random stops around a Hangzhou branch (within ~10 km) with
  crm.domain.route.plan_route, the median of RUNS runs (each a fresh set of stops).
  The issue's bar: under 200 ms for 40 stops.
- saving_vs_input_pct: how much shorter the proposed tour is than visiting the stops in the
  order they were planned (random order), the median over those runs.
- gap_vs_optimum_pct: on CASES random 9-stop days, how much longer the proposed tour is
  than the shortest one found by trying every order (brute force); the worst case is
  reported (the mean is printed above it). Target: within 5%.
Tours start and end at the branch. Last line: {"bench": "route", "stops", "ms",
"gap_vs_optimum_pct", "saving_vs_input_pct", ...}.
"""
from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm.domain.route import Stop, optimum_length, plan_route  # noqa: E402

BRANCH = (30.2741, 120.1551)
RUNS = 20
CASES = 30


def random_stops(rng: random.Random, n: int) -> list[Stop]:
    return [Stop(i, BRANCH[0] + rng.uniform(-0.09, 0.09), BRANCH[1] + rng.uniform(-0.1, 0.1))
            for i in range(n)]


def main(argv: list[str]) -> int:
    stops = int(argv[1]) if len(argv) > 1 else 40
    rng = random.Random(2026)
    times, savings = [], []
    for _ in range(RUNS):
        day = random_stops(rng, stops)
        t0 = time.perf_counter()
        route = plan_route(day, BRANCH)
        times.append((time.perf_counter() - t0) * 1000)
        savings.append(route.saving_pct or 0.0)
    print(f"{stops} stops: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms; "
          f"saving vs planned order: median {statistics.median(savings):.1f}%", flush=True)
    gaps = []
    for _ in range(CASES):
        day = random_stops(rng, 9)
        route = plan_route(day, BRANCH)
        best = optimum_length([s.point for s in day if s.point], BRANCH)
        assert route.distance_km is not None
        gaps.append(100 * (route.distance_km - best) / best)
    print(f"9 stops vs brute force over {CASES} days: mean gap {statistics.mean(gaps):.2f}%, "
          f"worst {max(gaps):.2f}%", flush=True)
    print(json.dumps({"bench": "route", "stops": stops, "ms": round(statistics.median(times), 1),
                      "ms_max": round(max(times), 1),
                      "gap_vs_optimum_pct": round(max(gaps), 2),
                      "gap_vs_optimum_mean_pct": round(statistics.mean(gaps), 3),
                      "saving_vs_input_pct": round(statistics.median(savings), 1),
                      "cases": CASES}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
