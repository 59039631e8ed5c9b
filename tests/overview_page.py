"""The audit overview page (``overview.html``) read back as an element tree with the standard
library's HTML parser, and the checks every overview must pass (self-contained, links resolve)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def having(self, attribute: str) -> list[Element]:
        return [e for e in self.iter() if attribute in e.attrs]

    def by_id(self, ident: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == ident), None)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_page(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root


def assert_self_contained(page: Path, root: Element) -> None:
    """Offline-safe: utf-8 declared, no script, nothing fetched from elsewhere, and every link
    is an anchor of the page or a file of the Data Docs folder that exists."""
    metas = list(root.iter("meta"))
    assert metas and metas[0].attrs.get("charset", "").lower() == "utf-8", "the first <meta> declares utf-8"
    assert not list(root.iter("script")) and "<script" not in page.read_text(encoding="utf-8").lower()
    assert not list(root.iter("link")) and not list(root.iter("img")) and not list(root.iter("iframe"))
    for style in root.iter("style"):
        assert not re.search(r"url\(|@import", style.text()), "the style sheet loads nothing"
    for element in root.iter():
        for name in ("src", "srcset", "data", "poster", "background"):
            assert name not in element.attrs, f"<{element.tag} {name}=...> loads something"
        assert "style" not in element.attrs or "url(" not in (element.attrs["style"] or "")
    ids = {e.attrs["id"] for e in root.having("id")}
    for link in root.iter("a"):
        href = link.attrs.get("href") or ""
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, f"{href}: links stay in the Data Docs folder"
        if href.startswith("#"):
            assert href[1:] in ids, f"{href}: no such anchor"
        else:
            target = page.parent / unquote(parts.path)
            assert target.is_file(), f"{href}: {target} does not exist"


def section_of(root: Element, document_id: str) -> Element:
    section = root.by_id(f"doc-{document_id[:12]}")
    assert section is not None and section.attrs.get("data-document-id") == document_id, document_id
    return section


def suite_rows(section: Element) -> dict[str, Element]:
    """suite -> its row in the document's section (in page order)."""
    return {row.attrs["data-suite"]: row for row in section.iter("tr") if "data-suite" in row.attrs}


def cells(row: Element) -> list[Element]:
    return [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]


def passed_of_evaluated(row: Element) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+) / (\d+)\s*", cells(row)[2].text())
    assert match, f"no 'passed / evaluated' in {cells(row)[2].text()!r}"
    return int(match.group(1)), int(match.group(2))


def link_of(element: Element) -> str | None:
    link = next(element.iter("a"), None)
    return unquote(link.attrs["href"] or "") if link is not None else None
