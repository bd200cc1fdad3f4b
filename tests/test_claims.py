"""The claim helper reads figures as a reader does, with the precision their digits give, and it bites: a
sentence whose number or direction no longer matches the model fails, naming the notebook, the cell, the
sentence, the figure written and the model's value."""

from __future__ import annotations

import pytest
from claims import claim, find_claim, read_figure
from lessons_support import cell_text

from o2o_models import operations
from o2o_models.scenarios import merchant


@pytest.mark.parametrize(
    ("written", "inside", "outside"),
    [
        ("2,810,121", (2810121, 2810121.4), (2810122,)),
        ("59.9%", (0.599, 0.5986, 0.5994), (0.5984, 0.5996, 0.602)),
        ("0.15", (0.15, 0.1549), (0.156, 0.144)),
        ("−718", (-718, -717.6), (718, -719)),
        ("+83%", (0.83, 0.834), (0.836,)),
        ("14.0 M", (14.0e6, 14.04e6), (14.06e6,)),
        ("about 70%", (0.66, 0.74), (0.64, 0.76)),
        ("about 11,300", (11250, 11349), (11200, 11400)),
        ("about 2,667", (2666.7,), (2668,)),
        ("a fifth", (0.2,), (0.19, 0.21)),
        ("about a seventh", (0.125, 0.14, 0.16), (0.12, 0.17)),
        ("about a third", (0.3679,), (0.28, 0.39)),
        ("more than half", (0.51, 1.0), (0.5, 0.4)),
        ("less than a third", (0.3,), (1 / 3, 0.4)),
        ("more than a million", (1.2e6,), (1e6, 9e5)),
        ("almost every", (0.95, 1.0), (0.85,)),
        ("almost nobody", (0.0, 0.04), (0.2,)),
        ("most", (0.6, 1.0), (0.5, 0.3)),
        ("every", (1.0,), (0.99,)),
        ("no", (0.0,), (0.01,)),
        ("twice", (2.0,), (2.1,)),
        ("several", (3.5, 10), (2.5,)),
        ("five", (5,), (4, 6)),
    ],
)
def test_a_figure_admits_what_its_digits_or_words_state(written, inside, outside) -> None:
    stated = read_figure(written)
    assert all(stated.holds(value) for value in inside), (written, stated)
    assert not any(stated.holds(value) for value in outside), (written, stated)


def test_a_word_that_is_not_a_figure_is_refused() -> None:
    with pytest.raises(ValueError, match="'lots' is not a figure"):
        read_figure("lots")


def test_a_template_finds_its_sentence_across_line_breaks_and_emphasis() -> None:
    text = "**What to notice**\n- The *first* claim.\n- The restaurant *loses*\n10 CNY on every voucher. Then more."
    found = find_claim("nb", "cell", text, "the restaurant {~} {} CNY on every voucher")
    assert found.sentence == "The restaurant loses 10 CNY on every voucher."
    assert found.slots == (("{~}", "loses"), ("{}", "10"))


def test_a_template_that_matches_nothing_says_which_cell_it_searched() -> None:
    with pytest.raises(AssertionError, match=r"nb, cell 'cell': no sentence matches 'the cinema \{~\}'"):
        find_claim("nb", "cell", "Nothing about it here.", "the cinema {~}")


def test_a_qualifier_written_in_the_template_instead_of_the_figure_is_refused() -> None:
    with pytest.raises(ValueError, match="leave the qualifier to the figure"):
        find_claim("nb", "cell", "It loses in more than half of months.", "loses in more than {} of months")
    found = find_claim("nb", "cell", "It loses in more than half of months.", "loses in {} of months")
    assert found.figures()[0].holds(0.6) and not found.figures()[0].holds(0.5)


def test_html_tags_of_a_panel_summary_are_dropped_but_an_html_comments_text_is_read() -> None:
    summary = find_claim("panel", "summary", "costs <b>7.4 M CNY</b> a year", "costs {} M CNY")
    assert summary.slots == (("{}", "7.4"),)
    comment = find_claim("nb", "cell", "<!-- After 36 months 44.1% trade -->", "After {} months {} trade")
    assert [figure.value for figure in comment.figures()] == [36, 0.441]


def mutated(notebook: str, cell_id: str, old: str, new: str) -> str:
    """A copy of a lesson cell's text with one figure or word changed, as a careless edit would change it."""
    text = cell_text(notebook, cell_id)
    assert text.count(old) == 1, f"{old!r} is not once in {notebook}/{cell_id}"
    return text.replace(old, new)


def test_the_restaurants_ten_yuan_loss_is_checked_and_a_changed_figure_fails() -> None:
    restaurant = merchant("restaurant")
    template = "the restaurant {~} {} CNY on every voucher"
    claim("00_introduction", "warmup-notice", template).states(restaurant.voucher_margin, -restaurant.voucher_margin)
    text = mutated("00_introduction", "warmup-notice", "*loses* 10 CNY", "*loses* 12 CNY")
    with pytest.raises(AssertionError) as failure:
        find_claim("00_introduction", "warmup-notice", text, template).states(
            restaurant.voucher_margin, -restaurant.voucher_margin
        )
    message = str(failure.value)
    for part in ("00_introduction", "'warmup-notice'", "the restaurant loses 12 CNY on every voucher", "'12'", "10"):
        assert part in message, (part, message)


def test_a_changed_direction_fails() -> None:
    restaurant = merchant("restaurant")
    text = mutated("00_introduction", "warmup-notice", "*loses* 10 CNY", "*earns* 10 CNY")
    with pytest.raises(AssertionError, match=r"says 'earns' \(a positive quantity\), but the model gives -10"):
        find_claim("00_introduction", "warmup-notice", text, "the restaurant {~} {} CNY on every voucher").states(
            restaurant.voucher_margin, -restaurant.voucher_margin
        )


def peak() -> tuple[int, float]:
    table = operations.staffing_table(operations.TEAM_GRID).set_index("staff_per_100_merchants")
    return table["net_gain_cny"].idxmax(), table["net_gain_cny"].max() / 1e6


def test_lesson_02s_peak_is_checked_to_its_written_tenth_and_a_changed_figure_fails() -> None:
    template = "keeps rising up to {} staff per 100 merchants (the dashed line), where it peaks at {} M CNY"
    claim("02_leg2_operations_team", "returns-notice", template).states(*peak())
    text = mutated("02_leg2_operations_team", "returns-notice", "37.6 M CNY", "35.1 M CNY")
    with pytest.raises(AssertionError) as failure:
        find_claim("02_leg2_operations_team", "returns-notice", text, template).states(*peak())
    message = str(failure.value)
    assert "02_leg2_operations_team, cell 'returns-notice'" in message
    assert "states '35.1' (a value in [35.05, 35.15]), but the model gives 37.64" in message


def test_a_share_word_bites_too() -> None:
    text = mutated("04_synthesis", "panel-notice", "about a quarter", "about a third")
    with pytest.raises(
        AssertionError, match=r"states 'about a third' \(a value in \[0.283333, 0.383333\]\), but the model gives 0.14"
    ):
        find_claim("04_synthesis", "panel-notice", text, "their gain shrinks to {} of what it is at {}").states(
            0.14, 0.7
        )
