"""Longitude and latitude to the geographic map's own SVG coordinates."""

from __future__ import annotations

import math

# The geographic map's own coordinates: an equirectangular projection scaled at Britain's middle
# latitude, in a box 1,000 units high. Good enough for a thumbnail of where an area is.
MAP_HEIGHT = 1000.0
_LAT_TOP, _LAT_BOTTOM, _LNG_LEFT = 60.9, 49.8, -8.7
_COS_MID = math.cos(math.radians(54.5))
_SCALE = MAP_HEIGHT / (_LAT_TOP - _LAT_BOTTOM)


def project(lng: float, lat: float) -> tuple[float, float]:
    return (lng - _LNG_LEFT) * _COS_MID * _SCALE, (_LAT_TOP - lat) * _SCALE
