"""The placeholders of a document's Word template, computed once at issue and frozen with it.

Every kind has the same ones, taken from the HTML the document was issued with (so the .docx and
the PDF say exactly what the numbered HTML says): `title`, `heading` (lines of the heading),
`number` (the 文号), `body` (paragraphs), `issuer`, `seal`, `date`, `issued_on`, `party_name`.
A kind may add its own (DocumentKind.fields), e.g. the items of a penalty decision.
"""

import re

from lxml import html as lxml_html

# Stands for <br> while the fragment is flattened to text, then splits lines.
_LINE = "\x1e"
_NAMED_BLOCKS = {"number", "issuer", "seal", "date"}

COMMON_FIELDS = {
    "title": "文书名称",
    "heading": "标题行（列表，如发文机关、文书名称）",
    "number": "文号",
    "body": "正文段落（列表）",
    "issuer": "落款机关",
    "seal": "印章位置提示",
    "date": "落款日期（中文）",
    "issued_on": "制作日期（YYYY-MM-DD）",
    "party_name": "当事人/申请人名称",
}


def _text(element) -> str:
    # Source templates wrap long Chinese sentences over lines; the wrap is not a space.
    return re.sub(r"\s*\n\s*", "", element.text_content()).strip()


def _lines(element) -> list[str]:
    return [line.strip() for line in _text(element).split(_LINE) if line.strip()]


def html_blocks(html: str) -> dict:
    """Split an issued document's HTML (templates/documents/…) into heading, named blocks and body."""
    blocks: dict = {"heading": [], "body": [], **{name: "" for name in _NAMED_BLOCKS}}
    if not html.strip():
        return blocks
    source = re.sub(r"<br\s*/?>", _LINE, html)
    for element in lxml_html.fragments_fromstring(source):
        if not isinstance(element.tag, str):  # a comment
            continue
        classes = set((element.get("class") or "").split())
        named = classes & _NAMED_BLOCKS
        if element.tag in {"h1", "h2"}:
            blocks["heading"] += _lines(element)
        elif named:
            blocks[named.pop()] = " ".join(_lines(element))
        elif element.findall(".//p"):
            for paragraph in element.iter("p"):
                blocks["body"] += _lines(paragraph)
        else:
            blocks["body"] += _lines(element)
    return blocks


def _name_of(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "name", value) or "")


def party_name(context: dict) -> str:
    """Whom the document is addressed to or about: the party, else the applicant."""
    if context.get("party") is not None:
        return _name_of(context["party"])
    decision = context.get("decision")
    if decision is not None and getattr(decision, "party_id", None):
        return _name_of(decision.party)
    obj = context.get("obj")
    for attribute in ("principal_party", "party", "applicant"):
        value = getattr(obj, attribute, None)
        if value is not None and not callable(value):
            return _name_of(value)
    return ""


def _plain(value):
    """JSON-safe: strings, and lists of strings."""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def document_fields(spec, context: dict, html: str) -> dict:
    blocks = html_blocks(html)
    issued_on = context.get("issued_on")
    fields = {
        "title": spec.label,
        "heading": blocks["heading"] or [spec.label],
        "number": context.get("number", ""),
        "body": blocks["body"],
        "issuer": blocks["issuer"],
        "seal": blocks["seal"],
        "date": blocks["date"],
        "issued_on": issued_on.isoformat() if issued_on else "",
        "party_name": party_name(context),
    }
    if spec.fields is not None:
        fields.update({key: _plain(value) for key, value in spec.fields(context).items()})
    return fields


def sample_fields() -> dict:
    """Values to try a new template version with before it is accepted."""
    return {
        "title": "示例文书",
        "heading": ["示例机关", "示例文书"],
        "number": "晋示〔2026〕1号",
        "body": ["第一段。", "第二段。"],
        "issuer": "示例机关",
        "seal": "（印章）",
        "date": "2026年1月1日",
        "issued_on": "2026-01-01",
        "party_name": "示例当事人",
    }
