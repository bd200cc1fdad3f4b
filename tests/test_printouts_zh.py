"""The trainer's printouts in Chinese (``o2o-answer-key --lang zh``, ``o2o-handouts --lang zh``): made from the
Chinese lessons, every exercise, worked solution, takeaway and formula of theirs on the page, the page's own
texts in Chinese, ``lang="zh-CN"``, set in a Chinese face, and nothing loaded from outside."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from o2o_models import text
from o2o_models.lessons import markup
from o2o_models.workshop.classroom import lesson_paths
from o2o_models.workshop.printouts import answer_key, handouts, printable
from o2o_models.workshop.printouts.maths import spoken

ROOT = Path(__file__).resolve().parents[1]
CHINESE_LESSONS = lesson_paths(language="zh")
OUTSIDE = re.compile(r'(src|href)="(https?:)?//|@import|url\(')
NAMES = {"O2O", "huxiu.com", "o2o-answer-key", "--lang", "zh"}
"""The Latin words a Chinese page's own texts may hold: the project's and the site's names, the command."""


def _notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("key") / "answer-key.html"
    assert answer_key.main(["--lang", "zh", "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("handouts")
    assert handouts.main(["--lang", "zh", "--out", str(out)]) == 0
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(out.glob("*.html"))}


def _furniture(page: str, lesson_html: list[str]) -> str:
    """What a page says of its own: its text with the lessons' parts, code, formulas and style taken out."""
    for part in sorted(lesson_html, key=len, reverse=True):
        page = page.replace(part, "")
    page = re.sub(r"<(style|pre|svg|code)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _english_words(furniture: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][\w.-]*", furniture)) - NAMES


def test_the_chinese_lessons_are_carried_like_the_english_ones() -> None:
    assert [path.name for path in CHINESE_LESSONS] == [path.name for path in lesson_paths()]
    assert all(markup.language(_notebook(path)) == "zh" for path in CHINESE_LESSONS)


def test_the_chinese_answer_key_holds_every_exercise_and_worked_solution_of_the_chinese_lessons(key) -> None:
    found = [answer_key.exercises(_notebook(path)) for path in CHINESE_LESSONS]
    every = [exercise for lesson in found for exercise in lesson]
    assert key.count("<section>") == len(every) == sum(len(answer_key.exercises(_notebook(p))) for p in lesson_paths())
    assert key.count("<h3>参考解答</h3>") == sum(bool(exercise.solution) for exercise in every) > 0
    for exercise in every:
        assert re.match(r"\*\*练习 \d+", exercise.question), exercise.question[:40]  # the Chinese question
        assert printable.markdown_html(exercise.question) in key
        assert printable.markdown_html(exercise.solution) in key
        assert all(html.escape(code) in key for code in exercise.checks)
    for path in CHINESE_LESSONS:
        assert f"<h2>{path.stem[:2]} {html.escape(printable.lesson_title(_notebook(path)))}</h2>" in key


def test_the_chinese_answer_key_is_a_chinese_page_that_loads_nothing_from_outside(key) -> None:
    assert key.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "<title>O2O 三条腿：答案册</title>" in key and "<h1>O2O 三条腿：答案册（供培训师使用）</h1>" in key
    assert "<details>" not in key and not OUTSIDE.search(key)


def test_the_chinese_answer_key_says_nothing_of_its_own_in_english(key) -> None:
    lessons = [_notebook(path) for path in CHINESE_LESSONS]
    parts = [printable.markdown_html(e.question) for n in lessons for e in answer_key.exercises(n)]
    parts += [printable.markdown_html(e.solution) for n in lessons for e in answer_key.exercises(n)]
    parts += [html.escape(printable.lesson_title(notebook)) for notebook in lessons]
    assert _english_words(_furniture(key, parts)) == set()


def test_each_chinese_handout_has_all_its_lessons_takeaways_and_displayed_formulas(pages) -> None:
    assert sorted(pages) == [path.stem for path in CHINESE_LESSONS]
    for path in CHINESE_LESSONS:
        notebook, page = _notebook(path), pages[path.stem]
        points = markup.takeaways(notebook)
        formulas = handouts.key_formulas(notebook)
        assert page.count("<h2>要点回顾</h2>") == 1 and printable.markdown_html(points) in page, path.stem
        shown = page.split("<h2>要点回顾</h2>", 1)[1].count("<li>")
        assert shown == len(re.findall(r"^- ", points, re.M)) > 0, path.stem
        before = page.split("<h2>要点回顾</h2>", 1)[0]
        for _section, tex in formulas:
            assert f'aria-label="{html.escape(spoken(tex), quote=True)}"' in before, (path.stem, tex)
        english = handouts.key_formulas(_notebook(path.parent.parent / path.name))
        assert len(formulas) == len(english), path.stem  # the same formulas as the English handout


def test_each_chinese_handout_is_a_chinese_page_that_says_nothing_of_its_own_in_english(pages) -> None:
    for path in CHINESE_LESSONS:
        notebook, page = _notebook(path), pages[path.stem]
        assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">') and not OUTSIDE.search(page)
        assert f"第 {path.stem[:2]} 课讲义" in page and "<h2>主要公式</h2>" in page
        parts = [html.escape(printable.lesson_title(notebook)), printable.markdown_html(markup.takeaways(notebook))]
        parts += [f"<h3>{html.escape(section)}</h3>" for section, _tex in handouts.key_formulas(notebook)]
        assert _english_words(_furniture(page, parts)) == set(), path.stem


def test_a_chinese_page_is_set_in_a_simplified_chinese_face_first() -> None:
    page = printable.page("标题", "<p>正文</p>", "zh")
    assert ':lang(zh) body { font-family: "Noto Sans CJK SC"' in page
    assert '"Noto Sans CJK SC"' in printable.page("Title", "<p>Text</p>")  # Chinese quoted in an English page


def test_the_page_speaks_the_language_of_its_lessons_and_the_english_as_before() -> None:
    with printable.speaking("zh"):
        assert text.language_in_use() == "zh"
    assert text.language_in_use() == "en"
    english = answer_key.answer_key(lesson_paths()[:1])[0]
    assert '<html lang="en">' in english and "<h1>O2O Three Legs: answer key (for trainers)</h1>" in english


def test_an_answer_key_from_lessons_of_both_editions_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="lessons in en and zh: an answer key is made from the lessons of one"):
        answer_key.answer_key([lesson_paths()[0], CHINESE_LESSONS[0]])


def test_a_language_not_offered_is_refused_by_the_commands(capsys) -> None:
    for command in (answer_key.main, handouts.main):
        with pytest.raises(SystemExit):
            command(["--lang", "fr"])
        assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_the_chinese_printouts_go_beside_the_english_unless_told(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(answer_key, "answer_key", lambda lessons: ("<html></html>", 0))
    monkeypatch.setattr(handouts, "handout", lambda path: "<html></html>")
    answer_key.main(["--lang", "zh"])
    handouts.main(["--lang", "zh"])
    assert (tmp_path / "_build" / "zh" / "answer-key.html").exists()
    made = sorted(path.name for path in (tmp_path / "_build" / "zh" / "handouts").iterdir())
    assert made == [f"{path.stem}.html" for path in CHINESE_LESSONS]
    assert not (tmp_path / "_build" / "answer-key.html").exists() and not (tmp_path / "_build" / "handouts").exists()


def test_a_formula_wider_than_the_printed_column_is_set_smaller_to_keep_its_number_on_the_page() -> None:
    wide = '<svg class="o2o-math" aria-label="x" style="vertical-align: -0.6ex; min-width: 172ex;" width="100%">'
    narrow = wide.replace("172ex", "60ex")
    assert printable.fitted(wide).startswith('<svg class="o2o-math" aria-label="x" style="font-size: 0.500em; ')
    assert printable.fitted(narrow) == narrow


def test_make_offers_the_chinese_printouts() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    run = subprocess.run(
        ["make", "-n", "--no-print-directory", "answer-key-zh", "handouts-zh", "VENV=/nonexistent-venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = [line.replace("/nonexistent-venv/bin/", "") for line in run.stdout.splitlines()]
    assert commands[-2:] == [
        "o2o-answer-key --lang zh --out _build/zh/answer-key.html",
        "o2o-handouts --lang zh --out _build/zh/handouts",
    ]


def test_a_formula_set_on_two_lines_is_spoken_as_one_sentence_without_its_frame() -> None:
    tex = r"\begin{aligned} M_t &= A_t + R_t, \\ \pi^{\text{会员}}_t &= A_t\,m_p - S. \end{aligned} \tag{6a}"
    assert spoken(tex) == "M_t = A_t + R_t, π^(会员)_t = A_t m_p - S. (6a)"
