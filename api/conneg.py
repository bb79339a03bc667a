"""HTTP content negotiation (``Accept`` with q-values) and the media types SIKG answers with.

Kept free of FastAPI so the /sparql worker processes import it cheaply.
"""

from __future__ import annotations

# (media type a client may ask for, format key); the first entry is the default for */*
SELECT_TYPES = [("application/sparql-results+json", "json"), ("application/json", "json"),
                ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
                ("text/csv", "csv"), ("text/tab-separated-values", "tsv")]
ASK_TYPES = [t for t in SELECT_TYPES if t[1] in ("json", "xml")]
GRAPH_TYPES = [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "jsonld"),
               ("application/rdf+xml", "rdfxml"), ("application/x-turtle", "turtle"), ("application/turtle", "turtle"),
               ("text/n3", "turtle"), ("text/rdf+n3", "turtle"), ("application/rdf+n3", "turtle"),
               ("text/plain", "nt"), ("application/x-json+ld", "jsonld"), ("application/json", "jsonld"),
               ("application/xml", "rdfxml"), ("text/xml", "rdfxml")]
MEDIA_TYPE = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
              "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
              "turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
              "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
# ?format= shortcuts for browsers and curl
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "ttl": "turtle", "turtle": "turtle",
                  "nt": "nt", "ntriples": "nt", "n-triples": "nt", "jsonld": "jsonld", "json-ld": "jsonld",
                  "rdfxml": "rdfxml", "rdf": "rdfxml", "xml-rdf": "rdfxml", "rdf+xml": "rdfxml"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]``; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        rng = fields[0].lower()
        if not rng:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((rng, q))
    return out or [("*/*", 1.0)]


def negotiate(accept: str | None, offers: list[tuple[str, str]]) -> str | None:
    """The format key of the best offer for ``accept``, or None if nothing acceptable."""
    ranges = parse_accept(accept)
    best, best_key = None, (0.0, -1, 0)
    for order, (mtype, key) in enumerate(offers):
        mmain = mtype.split("/")[0]
        q, spec = None, -1
        for rng, rq in ranges:
            s = 2 if rng == mtype else 1 if rng == f"{mmain}/*" else 0 if rng == "*/*" else -1
            if s > spec:
                q, spec = rq, s
        if q is None or spec < 0 or q <= 0:
            continue
        score = (q, spec, -order)
        if best is None or score > best_key:
            best, best_key = key, score
    return best


def choose(accept: str | None, offers: list[tuple[str, str]], format_param: str | None = None) -> str | None:
    """``?format=`` wins over ``Accept`` when it names one of the offered formats."""
    if format_param:
        key = FORMAT_ALIASES.get(format_param.lower())
        return key if key in {k for _, k in offers} else None
    return negotiate(accept, offers)
