"""The colours of statuses and tasks, and the text colour each needs.

One colour-blind-safe palette (Okabe-Ito) for statuses; a status is always
also written in words. Text on a coloured badge takes black or white,
whichever contrasts more with it (WCAG 2.2: at least 4.5:1 for text; every
colour here reaches it, tests/test_strings.py checks).
"""

from __future__ import annotations

# Okabe-Ito, best to worst, then grey for "cannot say".
STATUS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#0072B2",
    "needs_acceleration": "#E69F00",
    "slow": "#D55E00",
    "backwards": "#CC79A7",
    "insufficient_data": "#BBBBBB",
}
NO_TARGET_COLOUR = "#8C8C8C"
# A task's display status (metrics.tasks), done first, then the troubles.
TASK_COLOURS = {
    "completed": "#009E73",
    "in_progress": "#0072B2",
    "not_started": "#BBBBBB",
    "paused": "#E69F00",
    "late": "#D55E00",
    "not_reported": "#8C8C8C",
}
BLACK, WHITE = "#000000", "#FFFFFF"


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return max((BLACK, WHITE), key=lambda text: contrast(text, background))
