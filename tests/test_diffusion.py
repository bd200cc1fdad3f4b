"""Specification of the Bass diffusion model (o2o_models.diffusion)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from o2o_models.diffusion import bass_adoption, bass_frame, bass_peak


def test_textbook_values_by_hand() -> None:
    e = math.exp(-0.41)
    expected = 1000 * (1 - e) / (1 + (0.38 / 0.03) * e)
    assert bass_adoption(0.03, 0.38, 1000, 1)[1] == pytest.approx(expected)
    assert bass_adoption(0.03, 0.38, 1000, 1)[0] == 0


def test_without_imitation_adoption_is_exponential() -> None:
    np.testing.assert_allclose(bass_adoption(0.1, 0, 500, 5), 500 * (1 - np.exp(-0.1 * np.arange(6))))


@given(st.floats(0.001, 0.5), st.floats(0, 1), st.floats(1, 1e6))
def test_adoption_never_falls_and_approaches_the_market(p, q, m) -> None:
    assume(p + q >= 0.01)  # so that 1000 periods are long enough to saturate
    path = bass_adoption(p, q, m, 1000)
    assert (np.diff(path) >= -1e-9 * m).all()
    assert path[-1] == pytest.approx(m, rel=1e-3)


@given(st.floats(0.005, 0.2), st.floats(0.21, 0.9))
def test_the_peak_matches_the_fastest_numerical_growth(p, q) -> None:
    t_star, rate = bass_peak(p, q, 1000)
    t = np.linspace(0, 100, 200_001)
    e = np.exp(-(p + q) * t)
    n = 1000 * (1 - e) / (1 + (q / p) * e)
    growth = np.gradient(n, t)
    assert t_star == pytest.approx(t[np.argmax(growth)], abs=1e-2)
    assert rate == pytest.approx(growth.max(), rel=1e-4)


def test_weak_word_of_mouth_peaks_at_the_start() -> None:
    assert bass_peak(0.3, 0.1, 1000) == (0.0, 300.0)


def test_the_frame_has_new_adopters_summing_to_the_cumulative() -> None:
    frame = bass_frame(0.03, 0.38, 1000, 20)
    assert list(frame.columns) == ["period", "cumulative_adopters", "new_adopters"]
    np.testing.assert_allclose(frame["new_adopters"].cumsum(), frame["cumulative_adopters"])


@pytest.mark.parametrize(("args", "message"), [
    ((0, 0.3, 100, 10), r"p=0 is outside \(0, 1\]"),
    ((0.03, 1.5, 100, 10), "q=1.5"),
    ((0.03, 0.3, -1, 10), "m=-1"),
    ((0.03, 0.3, 100, 0), "periods=0"),
])
def test_bad_inputs_name_the_parameter(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        bass_adoption(*args)
