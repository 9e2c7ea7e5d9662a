"""The site's colours made readable (WCAG 2.1 AA): each Material palette colour darkened just enough.

Material's primary colours put white text on a header and coloured links on white at as little as
1.3:1 (yellow) or 3.8:1 (teal). For each palette name, this finds the lightest shade of the same
hue that reaches 4.5:1 against white (mixing it with black, step by step), and the stylesheet uses
it for the header, the links and the focus ring. Worked out once, at import; no colour is hard to read.
"""

from __future__ import annotations

# Material for MkDocs' primary colours (the 500 shades it ships), by the name manual.yaml gives.
PRIMARY = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#000000",
}
TARGET = 4.6  # a little over AA's 4.5:1 for normal text, against white


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (_luminance(rgb) + 0.05)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def readable(hex_colour: str) -> str:
    """The colour, mixed with black in 2 % steps until white text on it (and it on white) reads at 4.6:1."""
    rgb = _rgb(hex_colour)
    for step in range(51):
        r, g, b = (c * (1 - step * 0.02) for c in rgb)
        mixed = (r, g, b)
        if contrast_with_white(mixed) >= TARGET:
            return "#" + "".join(f"{round(c):02x}" for c in mixed)
    return "#000000"


def palette_css() -> str:
    """CSS that gives each palette colour its readable shade for the header, the links and the focus ring."""
    rules = []
    for name, colour in PRIMARY.items():
        shade = readable(colour)
        rules.append(
            f'[data-md-color-primary="{name}"] {{ --md-primary-fg-color: {shade}; '
            f"--md-primary-fg-color--dark: {shade}; --md-primary-bg-color: #ffffff; "
            f"--md-primary-bg-color--light: #ffffffb3; --md-typeset-a-color: {shade}; }}"
        )
    rules.append(  # white: a white header with black text, and links in a readable blue
        '[data-md-color-primary="white"] { --md-typeset-a-color: #1565c0; }'
    )
    return "\n".join(rules) + "\n"
