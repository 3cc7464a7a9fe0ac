"""Every public output a reader or a machine can fetch, as a registry the tests iterate over.

tests/test_escaping.py fills every text field a desk can write with markup and reads each output
below, asserting the markup arrives escaped. A new public page or format (ClaimReview JSON-LD,
feeds, the API, CSV export, an embed card...) joins these tests by adding one `PublicOutput` to
`PUBLIC_OUTPUTS`:

    PublicOutput("claims feed (Atom)", lambda w: "/feeds/claims.atom", read_feed),

`url` gets the hostile world (`w.claim`, `w.article`, `w.claimant`, `w.verdict`, `w.source`,
`w.correction`) and returns the path to fetch. `read` turns the response into a `Reading`:
`markup`, the strings a client will interpret as HTML (the page itself; an Atom entry's
`type="html"` content once unescaped), and `text`, what the reader or client ends up seeing as
text (a page's text and attribute values; every string of a JSON document; every CSV cell).
`read_html` and `read_json` cover pages and JSON; a format that embeds HTML (a feed) needs a
reader that returns that HTML as markup. JSON-LD inside a page is read by `read_html` (the strings
of its JSON as text).
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.etree import ElementTree


@dataclass
class Reading:
    markup: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _TextAndAttributes(HTMLParser):
    """Text and attribute values as a browser decodes them (character references resolved)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings, self.json_ld = [], None

    def handle_starttag(self, tag, attrs):
        self.strings.extend(value for _, value in attrs if value)
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.json_ld = []

    def handle_endtag(self, tag):
        if tag == "script" and self.json_ld is not None:
            # What an aggregator reads from the block: every string of its JSON.
            self.strings.extend(_strings(json.loads("".join(self.json_ld))))
            self.json_ld = None

    def handle_data(self, data):
        if self.json_ld is not None:
            self.json_ld.append(data)
        else:
            self.strings.append(data)


def read_html(response):
    parser = _TextAndAttributes()
    parser.feed(response.content.decode())
    parser.close()
    # Joined as well, so a value split by a tag (a highlighted quote) is still found whole.
    return Reading(
        markup=[response.content.decode()], text=[*parser.strings, "".join(parser.strings)]
    )


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def read_json(response):
    return Reading(text=list(_strings(json.loads(response.content))))


def _is_html(element):
    """An element whose text a feed reader renders as HTML: Atom's type="html" constructs and
    RSS's descriptions."""
    return element.get("type") == "html" or element.tag == "description"


def read_feed(response):
    """An Atom or RSS document: its text and attribute values, each HTML payload as markup."""
    root = ET.fromstring(response.content)
    reading = Reading()
    for element in root.iter():
        reading.text.extend(value for value in element.attrib.values() if value)
        if not element.text:
            continue
        if _is_html(element):
            reading.markup.append(element.text)
            parser = _TextAndAttributes()
            parser.feed(element.text)
            parser.close()
            reading.text += [*parser.strings, "".join(parser.strings)]
        else:
            reading.text.append(element.text)
    return reading


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return Reading(text=[cell for row in rows for cell in row])


def read_sitemap(response):
    """A sitemap or sitemap index: the addresses it gives crawlers (every <loc>)."""
    root = ElementTree.fromstring(response.content)
    return Reading(text=[loc.text for loc in root.findall(".//{*}loc")])


@dataclass(frozen=True)
class PublicOutput:
    name: str
    url: Callable
    read: Callable = read_html


PUBLIC_OUTPUTS = [
    PublicOutput("home", lambda w: "/"),
    PublicOutput("claim list", lambda w: "/claims/"),
    PublicOutput("claim", lambda w: w.claim.get_absolute_url()),
    PublicOutput("article list", lambda w: "/articles/"),
    PublicOutput("article", lambda w: w.article.get_absolute_url()),
    PublicOutput("claimant list", lambda w: "/claimants/"),
    PublicOutput("claimant", lambda w: w.claimant.get_absolute_url()),
    PublicOutput("methodology", lambda w: "/methodology/"),
    PublicOutput("corrections", lambda w: "/corrections/"),
    PublicOutput("about", lambda w: "/about/"),
    PublicOutput("verdicts feed (Atom)", lambda w: "/feeds/claims.atom", read_feed),
    PublicOutput("verdicts feed (RSS)", lambda w: "/feeds/claims.rss", read_feed),
    PublicOutput("corrections feed (Atom)", lambda w: "/feeds/corrections.atom", read_feed),
    PublicOutput("corrections feed (RSS)", lambda w: "/feeds/corrections.rss", read_feed),
    PublicOutput(
        "article feed (Atom)", lambda w: f"/feeds/articles/{w.article.slug}.atom", read_feed
    ),
    PublicOutput(
        "article feed (RSS)", lambda w: f"/feeds/articles/{w.article.slug}.rss", read_feed
    ),
    PublicOutput(
        "claimant feed (Atom)", lambda w: f"/feeds/claimants/{w.claimant.slug}.atom", read_feed
    ),
    PublicOutput(
        "claimant feed (RSS)", lambda w: f"/feeds/claimants/{w.claimant.slug}.rss", read_feed
    ),
    PublicOutput("CSV export", lambda w: "/claims/export.csv", read_csv),
    PublicOutput(
        "CSV export filtered by claimant",
        lambda w: f"/claims/export.csv?claimant={w.claimant.slug}",
        read_csv,
    ),
    PublicOutput(
        "claim list filtered by claimant", lambda w: f"/claims/?claimant={w.claimant.slug}"
    ),
    PublicOutput("claim list filtered by verdict", lambda w: f"/claims/?verdict={w.verdict.slug}"),
    # What a reader types comes back on the page too: the search box, a refused filter's error.
    PublicOutput(
        "claim list searched for markup", lambda w: "/claims/?" + urlencode({"q": w.typed})
    ),
    PublicOutput(
        "claim list with a refused filter",
        lambda w: "/claims/?" + urlencode({"verdict": w.typed, "published_after": w.typed}),
    ),
    # The JSON API (claims/api/): every list and every detail.
    PublicOutput("API claim list", lambda w: "/api/claims/", read_json),
    PublicOutput("API claim", lambda w: f"/api/claims/{w.claim.slug}/", read_json),
    PublicOutput(
        "API claim list filtered by claimant",
        lambda w: f"/api/claims/?claimant={w.claimant.slug}",
        read_json,
    ),
    PublicOutput("API article list", lambda w: "/api/articles/", read_json),
    PublicOutput("API article", lambda w: f"/api/articles/{w.article.slug}/", read_json),
    PublicOutput("API claimant list", lambda w: "/api/claimants/", read_json),
    PublicOutput("API claimant", lambda w: f"/api/claimants/{w.claimant.slug}/", read_json),
    PublicOutput("API source list", lambda w: "/api/sources/", read_json),
    PublicOutput("API source", lambda w: f"/api/sources/{w.source.pk}/", read_json),
    PublicOutput("API verdict list", lambda w: "/api/verdicts/", read_json),
    PublicOutput("API verdict", lambda w: f"/api/verdicts/{w.verdict.slug}/", read_json),
    PublicOutput("embed card", lambda w: f"/claims/{w.claim.slug}/embed/"),
    PublicOutput("sitemap index", lambda w: "/sitemap.xml", read_sitemap),
    PublicOutput("claims sitemap", lambda w: "/sitemap-claims.xml", read_sitemap),
    PublicOutput("articles sitemap", lambda w: "/sitemap-articles.xml", read_sitemap),
    PublicOutput("claimants sitemap", lambda w: "/sitemap-claimants.xml", read_sitemap),
]
