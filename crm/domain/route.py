"""The day's visit route (走访路线): ordering stops to cut travel, offline (pure maths).

- Stops with coordinates: nearest neighbour from the start point (the branch), then 2-opt and
  Or-opt (moving runs of one to three stops) until no move shortens the tour. Distances are
  great-circle (haversine) kilometres times ROAD_FACTOR, a plain estimate of road distance:
  branch PCs reach no map service.
- Stops without coordinates follow, grouped by district and street in address order (house
  numbers compared as numbers), so a manager still walks one street at a time.
- The saving is measured against the planned (input) order over the same stops.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

EARTH_KM = 6371.0088
# straight-line kilometres to an estimate of road kilometres in a Chinese city
ROAD_FACTOR = 1.3
RESTARTS = 3
SMALL_DAY = 13  # nodes (start included) up to which every first stop is tried
_STREET = re.compile(r"([^省市区县]*?(?:大道|大街|路|街|巷|弄|道|村|镇|乡))(\d+)?")
_NUMBER = re.compile(r"(\d+)")

Point = tuple[float, float]  # (latitude, longitude) in degrees


@dataclass(frozen=True)
class Stop:
    """One visit to place: `key` is the caller's id (the visit plan's id)."""

    key: int
    latitude: float | None = None
    longitude: float | None = None
    district: str = ""
    address: str = ""

    @property
    def point(self) -> Point | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Route:
    """The proposed order; kilometres cover the stops with coordinates only (None: none had)."""

    order: tuple[int, ...]
    distance_km: float | None
    planned_km: float | None
    located: int          # stops ordered by coordinates
    unlocated: int        # stops ordered by address

    @property
    def saving_km(self) -> float | None:
        if self.distance_km is None or self.planned_km is None:
            return None
        return max(0.0, self.planned_km - self.distance_km)

    @property
    def saving_pct(self) -> float | None:
        if self.saving_km is None or not self.planned_km:
            return None
        return 100.0 * self.saving_km / self.planned_km

    @property
    def summary_zh(self) -> str:
        if self.distance_km is None:
            return f"共 {len(self.order)} 个走访点，无坐标，按区县、街道和门牌顺序排列"
        text = (f"共 {len(self.order)} 个走访点，预计路程约 {self.distance_km:.1f} 公里"
                f"（按计划顺序约 {self.planned_km:.1f} 公里，节省 {self.saving_km:.1f} 公里）")
        if self.unlocated:
            text += f"；另有 {self.unlocated} 个无坐标的走访点按地址排在最后"
        return text


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _matrix(points: Sequence[Point]) -> list[list[float]]:
    return [[haversine_km(p, q) * ROAD_FACTOR for q in points] for p in points]


def tour_length(order: Sequence[int], dist: Sequence[Sequence[float]], closed: bool) -> float:
    """Length of visiting node indices `order` (order[0] is the start)."""
    total = sum(dist[order[i]][order[i + 1]] for i in range(len(order) - 1))
    if closed and len(order) > 1:
        total += dist[order[-1]][order[0]]
    return total


def _nearest_neighbour(dist: Sequence[Sequence[float]], first: int | None = None) -> list[int]:
    order, left = [0], set(range(1, len(dist)))
    if first is not None:
        order.append(first)
        left.remove(first)
    while left:
        here = dist[order[-1]]
        nxt = min(left, key=lambda j: (here[j], j))
        order.append(nxt)
        left.remove(nxt)
    return order


def _next(order: Sequence[int], k: int, closed: bool) -> int | None:
    """The node after position k (the start again on a closed tour; None at an open end)."""
    if k + 1 < len(order):
        return order[k + 1]
    return order[0] if closed else None


def _two_opt(order: list[int], dist: Sequence[Sequence[float]], closed: bool) -> bool:
    """One pass of 2-opt with order[0] fixed; True when a reversal shortened the tour."""
    n, improved = len(order), False
    for i in range(1, n - 1):
        for j in range(i + 1, n):
            a, b, c, d = order[i - 1], order[i], order[j], _next(order, j, closed)
            delta = dist[a][c] - dist[a][b]
            if d is not None:
                delta += dist[b][d] - dist[c][d]
            if delta < -1e-9:
                order[i:j + 1] = order[i:j + 1][::-1]
                improved = True
    return improved


def _gap_cost(dist: Sequence[Sequence[float]], u: int, v: int | None, first: int,
              last: int) -> float:
    """What putting the run first..last between u and v adds."""
    if v is None:
        return dist[u][first]
    return dist[u][first] + dist[last][v] - dist[u][v]


def _or_opt(order: list[int], dist: Sequence[Sequence[float]], closed: bool) -> bool:
    """Move a run of 1-3 stops (either way round) elsewhere; True when a move shortened it."""
    n = len(order)
    for size in (1, 2, 3):
        for i in range(1, n - size + 1):
            run = order[i:i + size]
            p, q = order[i - 1], _next(order, i + size - 1, closed)
            gain = _gap_cost(dist, p, q, run[0], run[-1])
            rest = order[:i] + order[i + size:]
            for k in range(len(rest)):
                if k == i - 1:
                    continue
                u, v = rest[k], _next(rest, k, closed)
                for piece in (run, run[::-1]):
                    if _gap_cost(dist, u, v, piece[0], piece[-1]) < gain - 1e-9:
                        order[:] = rest[:k + 1] + piece + rest[k + 1:]
                        return True
    return False


def _improve(order: list[int], dist: Sequence[Sequence[float]], closed: bool) -> list[int]:
    while _two_opt(order, dist, closed) or _or_opt(order, dist, closed):
        pass
    return order


def optimise(dist: Sequence[Sequence[float]], closed: bool = True) -> list[int]:
    """Node 0 is the start; returns the visiting order of every node, starting with 0.

    Local search from the nearest-neighbour tour, and again from tours whose first stop is
    the next-nearest one (every stop on a small day, RESTARTS of them on a big one): one
    descent can settle in a poor local optimum, the best of several rarely does. Up to four
    stops are solved exactly.
    """
    n = len(dist)
    if n <= 5:
        return _brute_force(dist, closed) if n > 2 else list(range(n))
    by_distance = sorted(range(1, n), key=lambda j: (dist[0][j], j))
    firsts = by_distance if n <= SMALL_DAY else by_distance[:RESTARTS]
    tours = [_improve(_nearest_neighbour(dist, f), dist, closed) for f in firsts]
    return min(tours, key=lambda t: tour_length(t, dist, closed))


def _brute_force(dist: Sequence[Sequence[float]], closed: bool) -> list[int]:
    rest = range(1, len(dist))
    best = min(permutations(rest), key=lambda p: tour_length((0, *p), dist, closed))
    return [0, *best]


def optimum_length(points: Sequence[Point], start: Point, closed: bool = True) -> float:
    """The shortest tour by trying every order (for the benchmark; fine up to ~9 stops)."""
    dist = _matrix([start, *points])
    return tour_length(_brute_force(dist, closed), dist, closed)


def _address_key(stop: Stop) -> tuple[str, str, int, str]:
    address = stop.address or ""
    if stop.district and stop.district in address:
        address_tail = address.split(stop.district, 1)[1]
    else:
        address_tail = address
    match = _STREET.search(address_tail)
    street = match.group(1) if match else ""
    number = match.group(2) if match and match.group(2) else None
    if number is None:
        found = _NUMBER.search(address_tail)
        number = found.group(1) if found else None
    return (stop.district or "", street, int(number) if number else 0, address)


def order_by_address(stops: Sequence[Stop]) -> list[Stop]:
    """Group by district, then street, then house number; ties keep the planned order."""
    return sorted(stops, key=_address_key)


def plan_route(stops: Sequence[Stop], start: Point | None = None,
               return_to_start: bool = True) -> Route:
    """Order the stops. Without a start point the first located stop of the plan is the start."""
    located = [s for s in stops if s.point is not None]
    unlocated = [s for s in stops if s.point is None]
    tail = tuple(s.key for s in order_by_address(unlocated))
    if not located:
        return Route(tail, None, None, 0, len(unlocated))
    if start is None:
        origin, pool, closed = located[0].point, located[1:], False
        head: tuple[int, ...] = (located[0].key,)
    else:
        origin, pool, closed, head = start, located, return_to_start, ()
    assert origin is not None
    dist = _matrix([origin, *(s.point for s in pool if s.point is not None)])
    planned = tour_length(list(range(len(dist))), dist, closed)
    best = optimise(dist, closed)
    length = tour_length(best, dist, closed)
    if length > planned:  # never propose something worse than the plan
        best, length = list(range(len(dist))), planned
    elif closed and len(best) > 2 and dist[0][best[-1]] < dist[0][best[1]]:
        best = [0, *best[:0:-1]]  # the same round the other way: nearest stop first
    order = head + tuple(pool[i - 1].key for i in best[1:]) + tail
    return Route(order, length, planned, len(located), len(unlocated))


def route_length(stops: Sequence[Stop], start: Point | None = None,
                 return_to_start: bool = True) -> float | None:
    """Kilometres of visiting the located stops in the given order (a hand-made order)."""
    points = [s.point for s in stops if s.point is not None]
    if not points:
        return None
    if start is None:
        return tour_length(list(range(len(points))), _matrix(points), False)
    dist = _matrix([start, *points])
    return tour_length(list(range(len(dist))), dist, return_to_start)


__all__ = ["ROAD_FACTOR", "Point", "Route", "Stop", "haversine_km", "optimise",
           "optimum_length", "order_by_address", "plan_route", "route_length", "tour_length"]
