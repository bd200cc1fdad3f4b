// Self-checks with no kernel: each exercise's form judges an answer with the same steps and sentences as
// the notebook's lesson.check (o2o_models/lessons/pagecheck.py writes each question's data when the site is
// built; tests/test_pagecheck.py runs `judge` in Node against Python's feedback so that the two agree).
"use strict";
(function (root) {
  const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

  // exercises.as_number for text: "0.15", "15%" (0.15), "36,250", "200 CNY", "¥200"; null if no number.
  function asNumber(text) {
    let t = text.trim().replaceAll(",", "").replaceAll("CNY", "").replaceAll("¥", "").trim();
    let scale = 1;
    if (t.endsWith("%")) { scale = 0.01; t = t.replace(/%+$/, ""); }
    t = t.trim();
    if (!NUMBER.test(t)) { return null; }
    const value = Number(t) * scale;
    return Number.isFinite(value) ? value : null;
  }

  // exercises.plain: thousands separated, at most `places` decimals, trailing zeros dropped.
  function plain(value, places) {
    let shown = Math.abs(value).toFixed(places);
    if (shown.includes(".")) { shown = shown.replace(/0+$/, "").replace(/\.$/, ""); }
    const [whole, fraction] = shown.split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const sign = value < 0 || Object.is(value, -0) ? "-" : "";
    return sign + grouped + (fraction ? "." + fraction : "");
  }

  function described(text) {
    const quoted = `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
    return quoted.length <= 40 ? quoted : `${quoted.slice(0, 37)}...`;
  }

  function fill(template, field, value) { return template.replace(`{${field}}`, value); }

  // The verdict on `text` for one question's data: {correct, message}, as Number/Choice.feedback give it.
  function judge(data, text) {
    if (text.trim() === "") { return { correct: false, message: data.empty, attempted: false }; }
    if (data.kind === "choice") {
      const keys = data.keys;
      const cleaned = text.replace(/[\s()[\].:]/g, "").toLowerCase();
      let key = keys.includes(cleaned) ? cleaned : null;
      if (key === null && /^\d+$/.test(cleaned) && !/^\d/.test(keys[0])) {
        const index = Number(cleaned);
        if (index >= 1 && index <= keys.length) { key = keys[index - 1]; }
      }
      if (key === null) { return { correct: false, message: fill(data.not_option, "described", described(text)) }; }
      return { correct: key === data.expected, message: data.explanations[key] };
    }
    const value = asNumber(text);
    if (value === null) { return { correct: false, message: fill(data.not_number, "described", described(text)) }; }
    if (Math.abs(value - data.expected) <= data.tolerance) { return { correct: true, message: data.right }; }
    const shown = data.prefix + plain(value, data.places) + data.suffix;
    for (const [produced, template] of data.mistakes) {
      if (Math.abs(value - produced) <= data.tolerance) { return { correct: false, message: fill(template, "shown", shown) }; }
    }
    for (const [factor, template] of data.slips) {
      if (Math.abs(value - data.expected * factor) <= Math.abs(factor) * data.tolerance) {
        return { correct: false, message: fill(template, "shown", shown) };
      }
    }
    const template = value > data.expected ? data.high : data.low;
    return { correct: false, message: fill(template, "shown", shown) };
  }

  // The verdict as the box shows it; a wrong answer's ends with the data's "Try again." in the page's language
  // (after a space, unless the message ends in Chinese punctuation).
  function said(verdict, again = "Try again.") {
    const mark = verdict.correct ? "✓ " : "✗ ";
    if (verdict.correct || verdict.attempted === false) { return mark + verdict.message; }
    return mark + verdict.message + (/[\u3000-\u303f\uff00-\uffef]$/.test(verdict.message) ? "" : " ") + again;
  }

  function wire(form) {
    form.hidden = false;
    const data = JSON.parse(form.querySelector("script.o2o-check-data").textContent);
    const input = form.querySelector("input");
    const status = form.querySelector(".o2o-check-feedback");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const verdict = judge(data, input.value);
      status.textContent = said(verdict, data.again);
      status.classList.toggle("o2o-right", verdict.correct);
      status.classList.toggle("o2o-wrong", !verdict.correct);
    });
  }

  root.o2oCheck = { judge, said, plain, asNumber };
  if (typeof document !== "undefined") {
    const start = () => document.querySelectorAll("form.o2o-check").forEach(wire);
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
  }
})(typeof window !== "undefined" ? window : globalThis);
