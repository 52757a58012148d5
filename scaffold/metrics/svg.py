"""A small SVG writer: elements with attributes in the order given, numbers written with a
fixed precision, text escaped. Nothing in it varies between runs (no ids, no timestamps, no
scripts), so the same drawing is the same bytes.

Why our own: pygal puts a random id in every chart and links a script; the other libraries
would be a dependency for a few dozen elements. This is the only module that writes SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

NAMESPACE = "http://www.w3.org/2000/svg"

Attr = str | int | float


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def escape(text: str) -> str:
    """Text for element content or a double-quoted attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _attr(value: Attr) -> str:
    if isinstance(value, bool):  # pragma: no cover - not an SVG value
        raise TypeError("a bool is not an attribute value")
    if isinstance(value, int | float):
        return num(float(value))
    return escape(value)


@dataclass(slots=True)
class Element:
    """One SVG element: a tag, its attributes in order, and children or text."""

    tag: str
    attrs: dict[str, Attr] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, text: str | None = None, /, **attrs: Attr) -> Element:
        """Append a child; attribute names use ``_`` for ``-`` (``stroke_width``) and a
        trailing ``_`` for a Python keyword (``class_``)."""
        child = Element(tag, {_name(k): v for k, v in attrs.items()}, text=text)
        self.children.append(child)
        return child

    def lines(self, depth: int = 0) -> Iterable[str]:
        pad = "  " * depth
        attrs = "".join(f' {k}="{_attr(v)}"' for k, v in self.attrs.items())
        if self.text is not None:
            yield f"{pad}<{self.tag}{attrs}>{escape(self.text)}</{self.tag}>"
        elif not self.children:
            yield f"{pad}<{self.tag}{attrs}/>"
        else:
            yield f"{pad}<{self.tag}{attrs}>"
            for child in self.children:
                yield from child.lines(depth + 1)
            yield f"{pad}</{self.tag}>"


def _name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def document(width: int, height: int, label: str) -> Element:
    """The root ``<svg>``, sized in pixels and scalable (``viewBox``), labelled for screen
    readers."""
    return Element(
        "svg",
        {
            "xmlns": NAMESPACE,
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-label": label,
        },
    )


def render(root: Element) -> str:
    """The document as text, one element a line, ending in a newline."""
    return "\n".join(root.lines()) + "\n"


def points(pairs: Iterable[tuple[float, float]]) -> str:
    """A ``points`` attribute for a polyline."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in pairs)
