"""How far apart two colours look, to people with normal and with deficient colour vision.

The palette rule (design.md, "Reading the map"): no two cartels that can be on the map in the
same year may be confusable, for normal vision and for the three common deficiencies. Colours are
simulated with Machado, Oliveira & Fernandes (2009), full severity, in linear RGB, and compared
with CIEDE2000 in CIELAB (D65).
"""

from __future__ import annotations

import math

# Machado et al. (2009), severity 1.0: linear RGB -> linear RGB as seen with the deficiency.
CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", *CVD_MATRICES)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _digits(hex_colour: str) -> str:
    """'#D55E00' or '#fff' -> six hex digits."""
    value = hex_colour.lstrip("#")
    return "".join(c * 2 for c in value) if len(value) == 3 else value


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    """'#D55E00' -> linear-light RGB in 0..1."""
    value = _digits(hex_colour)
    return tuple(_linear(int(value[i:i + 2], 16) / 255) for i in (0, 2, 4))  # type: ignore[return-value]


def seen_as(hex_colour: str, vision: str = "normal") -> tuple[float, float, float]:
    """The colour in linear RGB as a person with ``vision`` sees it (clipped to the displayable range)."""
    rgb = linear_rgb(hex_colour)
    if vision == "normal":
        return rgb
    matrix = CVD_MATRICES[vision]
    return tuple(min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0.0), 1.0)  # type: ignore[return-value]
                 for row in matrix)


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """Linear sRGB -> CIELAB (D65 white)."""
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    white = (0.95047, 1.0, 1.08883)
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in (v / w for v, w in zip(xyz, white,
                                                                                                          strict=True))]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """Perceived difference of two CIELAB colours (Sharma, Wu & Dalal 2005); about 2 is just noticeable."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 % 360
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = (-2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def difference(colour1: str, colour2: str, vision: str = "normal") -> float:
    """CIEDE2000 between two hex colours as a person with ``vision`` sees them."""
    return ciede2000(lab(seen_as(colour1, vision)), lab(seen_as(colour2, vision)))


def closest_pair(colours: dict[str, str], vision: str = "normal") -> tuple[float, str, str]:
    """(difference, name, name) of the two least distinguishable colours among ``colours``."""
    names = sorted(colours)
    return min(((difference(colours[a], colours[b], vision), a, b)
                for i, a in enumerate(names) for b in names[i + 1:]), default=(math.inf, "", ""))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour: 0 for black, 1 for white."""
    r, g, b = linear_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour1: str, colour2: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21 (AA: 4.5 for text, 3 for symbols and large text)."""
    light, dark = sorted((relative_luminance(colour1), relative_luminance(colour2)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: str, opacity: float, background: str) -> str:
    """The colour seen where ``colour`` is painted at ``opacity`` over ``background`` (as a browser blends it)."""
    top, bottom = _digits(colour), _digits(background)
    mixed = (round(int(top[i:i + 2], 16) * opacity + int(bottom[i:i + 2], 16) * (1 - opacity)) for i in (0, 2, 4))
    return "#" + "".join(f"{v:02X}" for v in mixed)
