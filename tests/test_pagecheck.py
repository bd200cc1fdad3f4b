"""The site's self-checks say what the notebook's say: the page's script, run in Node, against Python's feedback.

For every number and choice exercise of every lesson, a set of answers a reader might type (right,
nearly right, a named mistake, a unit slip, too high, too low, text, an option by letter or number)
gets the same verdict and the same sentence from ``scripts/site/o2o-check.js`` as from the question's
own ``feedback`` (`o2o_models.lessons.pagecheck`).
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from o2o_models.lessons.exercises import Choice, Number
from o2o_models.lessons.pagecheck import checking_data, computed_once

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "site" / "o2o-check.js"
LESSONS = ("intro", "leg1", "leg2", "leg3", "synthesis")
NODE = shutil.which("node")


pytestmark = pytest.mark.slow  # runs each exercise's page check in Node: `make test`, not `make check`


def _answers(question: Number | Choice) -> list[str]:
    if isinstance(question, Choice):
        keys = list(question.explanations)
        return [*keys, *(f"({k.upper()})" for k in keys), "2", " b) ", "e", "maybe", "1.5"]
    expected = float(question.expected())
    step = 10.0 ** (-question.places)
    answers = [expected, expected + 0.4 * step, expected + 0.6 * step, expected - 0.6 * step, expected * 1.5]
    answers += [expected * 0.5, expected * 100, expected / 100, expected * 1000, -expected, 0.0, 123456.789]
    answers += [float(produce()) for produce, _ in question.mistakes.values()]
    texts = [repr(a) for a in answers] + [f"{a:,.2f}" for a in answers[:3]]
    return [*texts, f"{expected * 100:g}%", f"{expected:g} CNY", "about ten", "1/2", "nan", "-0.0001"]


def _python(question: Number | Choice, text: str) -> tuple[bool, str]:
    verdict = question.feedback(text if text.strip() else None)
    return verdict.correct, verdict.message


def _cases() -> list[tuple[str, int]]:
    return [
        (lesson, number)
        for lesson in LESSONS
        for number, q in importlib.import_module(f"o2o_models.lessons.{lesson}").WORKBOOK.questions.items()
        if isinstance(q, (Number, Choice))
    ]


@pytest.mark.skipif(NODE is None, reason="no node here to run the page's script")
@pytest.mark.parametrize(("lesson", "number"), _cases())
def test_the_page_gives_the_notebooks_feedback_to_every_answer(lesson: str, number: int) -> None:
    question = importlib.import_module(f"o2o_models.lessons.{lesson}").WORKBOOK.questions[number]
    question = computed_once(question) if isinstance(question, Number) else question
    data = checking_data(importlib.import_module(f"o2o_models.lessons.{lesson}").WORKBOOK)[number]
    answers = [*_answers(question), ""]
    program = (
        f"{SCRIPT.read_text(encoding='utf-8')}\n"
        f"const data = {json.dumps(data)}; const answers = {json.dumps(answers)};\n"
        "console.log(JSON.stringify(answers.map(a => { const v = o2oCheck.judge(data, a); "
        "return [v.correct, v.message]; })));"
    )
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    page = [tuple(v) for v in json.loads(result.stdout)]
    assert page == [_python(question, a) for a in answers]


def test_only_number_and_choice_questions_get_a_page_check() -> None:
    from o2o_models.lessons import leg1

    found = checking_data(leg1.WORKBOOK)
    for number, question in leg1.WORKBOOK.questions.items():
        assert (number in found) == isinstance(question, (Number, Choice))
