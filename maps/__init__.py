"""Boundaries of provinces and communes (committed TopoJSON) and the geometry asked of them."""
