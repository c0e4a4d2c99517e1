"""Identical documents are laid out once when DOCUMENT_RENDER_CACHE_DIR is set (the suite sets it:
the demo world is built in many modules); different values, template or title are laid out anew,
and without the setting nothing is kept."""

from casemgmt.documents import render_cache


def test_the_same_inputs_are_laid_out_once_and_anything_different_again(settings, tmp_path, monkeypatch):
    settings.DOCUMENT_RENDER_CACHE_DIR = str(tmp_path / "cache")
    laid_out = []

    def pdf(docx, *, title):
        laid_out.append(title)
        return f"%PDF {title} {docx.decode()}".encode()

    monkeypatch.setattr(render_cache, "render_pdf", pdf)

    def render(fields, title="受理通知书", template=b"v1"):
        return render_cache.rendered_pdf(b"docx", title=title, template_content=template, fields=fields)

    first = render({"number": "晋知援受〔2026〕1号"})
    again = render({"number": "晋知援受〔2026〕1号"})
    assert first == again and laid_out == ["受理通知书"]
    render({"number": "晋知援受〔2026〕2号"})
    render({"number": "晋知援受〔2026〕1号"}, title="不予受理通知书")
    render({"number": "晋知援受〔2026〕1号"}, template=b"v2")
    assert len(laid_out) == 4

    settings.DOCUMENT_RENDER_CACHE_DIR = ""
    render({"number": "晋知援受〔2026〕1号"})
    render({"number": "晋知援受〔2026〕1号"})
    assert len(laid_out) == 6
