"""Which edition of the lessons a student's JupyterLab opens on: English or Chinese, the student's choice.

Every student's server gets both editions, English in ``~/o2o-lessons`` and Chinese in
``~/o2o-lessons/zh`` (`spawner`), so either can be opened at any time from the file browser;
the choice says only which lesson JupyterLab opens first. It is made with JupyterHub's own
mechanism: the spawner's ``options_form`` (`form`), which JupyterHub shows before each start
from a browser, becomes ``user_options`` (``{"lang": "zh"}``) through ``options_from_form``
(`from_form`). JupyterHub keeps the last ``user_options`` in its database and gives them again
to a start that brings none (an API start: the class-load benchmark, the admin page), and the
form preselects them; a student who never chose gets English. ``apply_user_options`` (`apply`)
refuses a language that is not offered, however it came, before the server starts.
"""

from __future__ import annotations

from tornado import web

from ..classroom import LANGUAGES, NEW_VERSIONS

NAMES = {"en": "English", "zh": "中文"}
"""Each edition of `LANGUAGES` by the name its readers know it by, as the form shows it."""

OPTION = "lang"
"""The key of the choice in the form and in ``user_options``."""

DEFAULT = "en"

SWITCH = (
    "To switch later: File → Hub Control Panel → Stop My Server, then Start My Server and choose again. "
    "之后切换：File → Hub Control Panel → Stop My Server，再点 Start My Server 重新选择。"
)
"""How a student switches, in one line, in both languages: JupyterLab's menu, then the hub's home page."""

LESSONS = "o2o-lessons"
FIRST_LESSON = "00_introduction.ipynb"


class LanguageRefused(web.HTTPError):
    """A language the lessons are not in: refused with a sentence in both languages (status 400)."""

    def __init__(self, value: object) -> None:
        offered = " or ".join(f"{NAMES[language]} ({language})" for language in LANGUAGES)
        message = (
            f"The lessons are not in {value!r}: choose {offered}. "
            f"课程没有 {value!r} 这种语言：请选择 {' 或 '.join(NAMES[language] for language in LANGUAGES)}。"
        )
        super().__init__(400, message)
        self.jupyterhub_message = message


def chosen(user_options: dict) -> str:
    """The language of ``user_options``: English when they name none; `LanguageRefused` for one not offered."""
    language = user_options.get(OPTION, DEFAULT)
    if language not in LANGUAGES:
        raise LanguageRefused(language)
    return language


def previous(user_options: dict) -> str:
    """The language the form preselects: the last one chosen, English if none (or one no longer offered)."""
    try:
        return chosen(user_options)
    except LanguageRefused:
        return DEFAULT


def form(spawner) -> str:
    """The spawn form: one choice of language, bilingual, with the student's previous choice selected."""
    selected = previous(spawner.user_options or {})
    choices = "\n".join(
        f'  <div class="form-check form-check-inline">\n'
        f'    <input class="form-check-input" type="radio" name="{OPTION}" id="{OPTION}-{language}" '
        f'value="{language}"{" checked" if language == selected else ""} />\n'
        f'    <label class="form-check-label" for="{OPTION}-{language}">{NAMES[language]}</label>\n'
        f"  </div>"
        for language in LANGUAGES
    )
    return (
        f'<fieldset id="o2o-language">\n  <legend>Lessons in / 课程语言</legend>\n{choices}\n</fieldset>\n'
        f'<p class="text-muted small">Both are in your files: English in {LESSONS}, 中文 in {LESSONS}/zh. '
        "两种课程都在你的文件里。</p>\n"
        f'<p class="text-muted small" id="o2o-language-switch">{SWITCH}</p>\n'
    )


def from_form(form_data: dict[str, list[str]]) -> dict[str, str]:
    """``user_options`` from the form's data (a list of strings for each field); a language not offered is
    refused with `LanguageRefused`, which JupyterHub shows above the form."""
    return {OPTION: chosen({OPTION: form_data.get(OPTION, [DEFAULT])[0]})}


def apply(spawner, user_options: dict) -> None:
    """The spawner's ``lessons_language`` from ``user_options``, whether they came from the form or the API."""
    spawner.lessons_language = chosen(user_options)


def folder(language: str) -> str:
    """Where an edition is in the student's home: ``o2o-lessons``, or ``o2o-lessons/zh``."""
    return LESSONS if language == DEFAULT else f"{LESSONS}/{language}"


def opening_url(language: str, new_versions: bool) -> str:
    """What JupyterLab opens on: the edition's first lesson, or its ``NEW-VERSIONS.md`` when that lists any."""
    return f"/lab/tree/{folder(language)}/{NEW_VERSIONS if new_versions else FIRST_LESSON}"
