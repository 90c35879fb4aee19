#!/usr/bin/python3
"""Generates scripts/styles/swirl.jpg, the default style that scripts/run.sh puts in the style library.

Thousands of short, thick brush strokes follow a flow field of a few vortices, coloured from a night-sky palette
with per-stroke jitter: painterly texture with strong, swirling strokes, which is what style transfer picks up.
Our own code and output (no third-party image). Run with Debian's python3 (numpy, PIL): /usr/bin/python3 make_swirl.py
"""
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZE = 384
rng = np.random.default_rng(1889)
vortices = [(0.3, 0.35, 1.0), (0.72, 0.3, -0.8), (0.55, 0.75, 0.9), (0.12, 0.85, -0.6)]
palette = np.array([[22, 45, 110], [36, 78, 160], [70, 120, 190], [235, 205, 80], [245, 235, 170], [20, 30, 60], [90, 150, 200]], float)


def flow(x, y):
    """Direction of the strokes at (x, y): the sum of the vortices' tangential fields plus a gentle drift."""
    dx, dy = 0.3, 0.05
    for vx, vy, strength in vortices:
        rx, ry = x - vx, y - vy
        r2 = rx * rx + ry * ry + 0.01
        dx += -ry * strength / r2 * 0.05
        dy += rx * strength / r2 * 0.05
    n = math.hypot(dx, dy) or 1.0
    return dx / n, dy / n


image = Image.new("RGB", (SIZE, SIZE), (25, 40, 90))
draw = ImageDraw.Draw(image)
for _ in range(9000):
    x, y = rng.random(2)
    near = min(math.hypot(x - vx, y - vy) for vx, vy, _ in vortices)
    base = palette[rng.integers(0, len(palette))] if near > 0.12 else palette[rng.choice([3, 4])]
    colour = tuple(int(c) for c in np.clip(base + rng.normal(0, 18, 3), 0, 255))
    width = int(rng.integers(2, 6))
    points = [(x * SIZE, y * SIZE)]
    for _ in range(int(rng.integers(4, 10))):
        dx, dy = flow(x, y)
        x, y = x + dx * 0.012, y + dy * 0.012
        points.append((x * SIZE, y * SIZE))
    draw.line(points, fill=colour, width=width, joint="curve")

image = image.filter(ImageFilter.SMOOTH)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "swirl.jpg")
image.save(out, quality=88)
print(out, os.path.getsize(out), "bytes")
