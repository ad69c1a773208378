"""The day's route: a short tour from the branch, address order without coordinates."""
import random

from crm.domain.route import Stop, haversine_km, optimum_length, plan_route, route_length

BRANCH = (30.2741, 120.1551)


def test_haversine_matches_a_known_distance():
    # Hangzhou (West Lake) to Shanghai (People's Square): about 165 km as the crow flies
    assert 160 < haversine_km((30.2741, 120.1551), (31.2304, 121.4737)) < 170


def test_stops_on_a_line_are_visited_in_line_order_whatever_the_plan():
    stops = [Stop(k, 30.28 + 0.01 * k, 120.16) for k in (3, 1, 4, 2, 5)]
    route = plan_route(stops, BRANCH)
    assert route.order == (1, 2, 3, 4, 5)
    assert route.saving_km is not None and route.saving_km > 0
    assert route.distance_km < route.planned_km


def test_the_order_is_never_worse_than_the_plan_and_close_to_the_optimum():
    rng = random.Random(3)
    for _ in range(20):
        points = [(30.27 + rng.uniform(-.05, .05), 120.15 + rng.uniform(-.06, .06))
                  for _ in range(7)]
        route = plan_route([Stop(i, *p) for i, p in enumerate(points)], BRANCH)
        assert sorted(route.order) == list(range(7))
        assert route.distance_km <= route.planned_km + 1e-9
        assert route.distance_km <= optimum_length(points, BRANCH) * 1.05


def test_the_length_of_a_hand_made_order_is_what_the_route_reports():
    stops = [Stop(k, 30.28 + 0.013 * (k % 3), 120.16 + 0.01 * k) for k in range(6)]
    route = plan_route(stops, BRANCH)
    by_key = {s.key: s for s in stops}
    again = route_length([by_key[k] for k in route.order], BRANCH)
    assert abs(again - route.distance_km) < 1e-9
    assert abs(route_length(stops, BRANCH) - route.planned_km) < 1e-9


def test_without_coordinates_stops_group_by_district_street_and_house_number():
    stops = [
        Stop(1, district="西湖区", address="杭州市西湖区文三路100号"),
        Stop(2, district="上城区", address="杭州市上城区解放路8号"),
        Stop(3, district="西湖区", address="杭州市西湖区文三路9号"),
        Stop(4, district="西湖区", address="杭州市西湖区古墩路3号"),
        Stop(5, district="上城区", address="杭州市上城区解放路12号"),
    ]
    route = plan_route(stops, BRANCH)
    assert route.distance_km is None and route.saving_km is None
    assert route.order == (2, 5, 4, 3, 1)
    assert "无坐标" in route.summary_zh


def test_stops_without_coordinates_follow_the_located_ones():
    stops = [Stop(1, district="西湖区", address="文三路1号"), Stop(2, 30.29, 120.16),
             Stop(3, 30.28, 120.16)]
    route = plan_route(stops, BRANCH, return_to_start=False)
    assert route.order == (3, 2, 1)
    assert route.located == 2 and route.unlocated == 1
    assert "1 个无坐标" in route.summary_zh


def test_without_a_start_point_the_first_planned_stop_leads():
    stops = [Stop(1, 30.30, 120.16), Stop(2, 30.28, 120.16), Stop(3, 30.29, 120.16)]
    assert plan_route(stops).order == (1, 3, 2)


def test_no_stops_and_one_stop():
    assert plan_route([], BRANCH).order == ()
    assert plan_route([Stop(9, 30.3, 120.2)], BRANCH).order == (9,)
