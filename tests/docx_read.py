"""What python-docx reads in a Word file, as JSON on stdout: the tests' independent reader of
the .docx files folio writes (tests/it/docx.rs).

Usage: python3 tests/docx_read.py FILE.docx

Prints {"paragraphs": [{"style", "text", "numbered", "rtl"}], "tables": [{"rows": [[cell
text]], "header": bool}], "footnotes": [text], "pictures": [{"descr", "width", "height"}],
"core": {...}, "section": {"width", "height"}, "styles": {name: {"font", "based_on"}}}.
Footnotes are read from the footnotes part python-docx loads with the document, as python-docx
has no footnote API of its own.
"""

import json
import sys

import docx
from docx.oxml.ns import qn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
)


def text_of(element):
    """The text of every w:t under `element`, in order."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def main(path):
    d = docx.Document(path)
    paragraphs = []
    for p in d.paragraphs:
        ppr = p._p.pPr
        paragraphs.append(
            {
                "style": p.style.name if p.style is not None else None,
                "text": p.text,
                "numbered": ppr is not None and ppr.numPr is not None,
                "rtl": ppr is not None and ppr.find(qn("w:bidi")) is not None,
            }
        )
    tables = []
    for t in d.tables:
        first = t.rows[0]._tr if t.rows else None
        header = (
            first is not None
            and first.trPr is not None
            and first.trPr.find(qn("w:tblHeader")) is not None
        )
        tables.append(
            {
                "rows": [[c.text for c in row.cells] for row in t.rows],
                "header": header,
            }
        )
    footnotes = []
    for rel in d.part.rels.values():
        if rel.reltype == FOOTNOTES:
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for note in root.findall(f"{{{W}}}footnote"):
                if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator"):
                    continue
                footnotes.append(text_of(note).strip())
    pictures = []
    for shape in d.inline_shapes:
        doc_pr = shape._inline.docPr
        pictures.append(
            {
                "descr": doc_pr.get("descr"),
                "width": shape.width,
                "height": shape.height,
            }
        )
    cp = d.core_properties
    core = {
        "title": cp.title,
        "author": cp.author,
        "subject": cp.subject,
        "keywords": cp.keywords,
        "language": cp.language,
        "identifier": cp.identifier,
        "created": cp.created.isoformat() if cp.created else None,
    }
    section = d.sections[-1]
    styles = {}
    for s in d.styles:
        font = getattr(s, "font", None)
        styles[s.name] = {
            "font": font.name if font is not None else None,
            "based_on": s.base_style.name if getattr(s, "base_style", None) else None,
        }
    print(
        json.dumps(
            {
                "paragraphs": paragraphs,
                "tables": tables,
                "footnotes": footnotes,
                "pictures": pictures,
                "core": core,
                "section": {
                    "width": section.page_width,
                    "height": section.page_height,
                },
                "styles": styles,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
