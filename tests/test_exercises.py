"""Self-checks say right or wrong, and explain the gap."""

from __future__ import annotations

from o2o_models.exercises import check_choice, check_number


def test_an_answer_within_two_percent_is_right() -> None:
    feedback = check_number(10.1, 10.0, unit="CNY")
    assert feedback.correct
    assert str(feedback).startswith("✅")


def test_too_high_and_too_low_say_so_with_the_gap() -> None:
    assert "50% too high" in check_number(15, 10, unit="CNY").message
    assert "too low" in check_number(5, 10, unit="CNY").message


def test_a_percentage_typed_as_a_fraction_is_recognised() -> None:
    feedback = check_number(85, 0.85, unit="fraction")
    assert not feedback.correct
    assert "percentage" in feedback.message


def test_a_sign_slip_is_recognised() -> None:
    assert "sign" in check_number(12, -12, unit="CNY").message


def test_a_missing_or_non_numeric_answer_is_explained() -> None:
    assert "No answer yet" in check_number(..., 1.0, unit="CNY").message
    assert "not a number" in check_number("ten", 10.0, unit="CNY").message


def test_a_choice_explains_the_option_taken() -> None:
    options = {"a": "Yes: rebates cut the margin.", "b": "No: the rebate is paid by the merchant."}
    assert check_choice("a", "a", options).correct
    wrong = check_choice("b", "a", options)
    assert not wrong.correct and wrong.message == options["b"]
    assert "not an option" in check_choice("z", "a", options).message
