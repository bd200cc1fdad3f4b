"""The site's two editions link each page to its other edition (scripts/site_editions.py), without a browser."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from site_editions import NO_CHINESE_EDITION, add_switch, alternates, load_shared, share_static, switch  # noqa: E402

PAGE = '<html><head>\n</head><body><div class="article-header-buttons"><button>☰</button></div></body></html>'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """English 00 and 01 at the root, Chinese 00 under zh/, and a static file both editions have."""
    for name in ("00_introduction.html", "01_leg1.html", "zh/00_introduction.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    for folder in ("_static", "zh/_static"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "theme.js").write_text("same", encoding="utf-8")
        (tmp_path / folder / "documentation_options.js").write_text(folder, encoding="utf-8")
    return tmp_path


def test_a_page_with_both_editions_links_the_other_named_in_its_own_language(site: Path) -> None:
    assert 'href="zh/00_introduction.html" hreflang="zh-CN" lang="zh-CN">中文</a>' in switch(
        "00_introduction.html", site
    )
    back = switch("zh/00_introduction.html", site)
    assert 'href="../00_introduction.html" hreflang="en" lang="en">English</a>' in back


def test_an_english_page_with_no_chinese_edition_says_so_in_chinese(site: Path) -> None:
    note = switch("01_leg1.html", site)
    assert "<a" not in note and f'lang="zh-CN">{NO_CHINESE_EDITION}</span>' in note
    assert alternates("01_leg1.html", site) == ""


def test_both_editions_name_both_by_hreflang_from_where_they_are(site: Path) -> None:
    assert alternates("00_introduction.html", site) == (
        '<link rel="alternate" hreflang="en" href="00_introduction.html">'
        '<link rel="alternate" hreflang="zh-CN" href="zh/00_introduction.html">'
    )
    assert alternates("zh/00_introduction.html", site) == (
        '<link rel="alternate" hreflang="en" href="../00_introduction.html">'
        '<link rel="alternate" hreflang="zh-CN" href="00_introduction.html">'
    )


def test_the_switch_goes_first_among_the_header_buttons_and_the_links_into_the_head(site: Path) -> None:
    page = add_switch(PAGE, "00_introduction.html", site)
    assert '<div class="article-header-buttons"><a class="btn btn-sm o2o-language"' in page
    assert page.index('hreflang="zh-CN" href=') < page.index("</head>")


def test_a_static_file_both_editions_have_is_published_once_and_the_chinese_pages_load_it(site: Path) -> None:
    assert share_static(site) == {"theme.js"}
    assert not (site / "zh" / "_static" / "theme.js").exists()
    assert (site / "zh" / "_static" / "documentation_options.js").read_text() == "zh/_static"
    page = '<script src="_static/theme.js?v=1"></script><script src="_static/documentation_options.js"></script>'
    assert load_shared(page, {"theme.js"}) == (
        '<script src="../_static/theme.js?v=1"></script><script src="_static/documentation_options.js"></script>'
    )
