// Draw each chart of the page with the Vega runtime the site ships (no CDN, no Vega-Lite compiler).
// The chart box keeps its accessible name (the spec's description) before and after drawing;
// if a chart cannot draw, the PNG made when the site was built takes its place.
// An interactive chart's spec carries the summary line of every point of its grid (usermeta.o2o_grid,
// made at build time by the panel's own summary): each slider move shows the one for the sliders' values
// under the chart and names the chart by it, and each slider shows its value as a percentage or with
// thousands separated; a grid of parts (o2o_models/interactive/gridparts.py) writes the line from its parts' pieces
// (`summaryAt`). Its grid travels packed (o2o_models/interactive/gridpack.py): `unpackRows` rebuilds
// every point's row before the chart draws; tests/test_gridpack.py runs it in Node against Python's numbers.
"use strict";
(function (root) {
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const VALUE = Object.fromEntries([...DIGITS].map((character, value) => [character, value]));

  // Base-64 VLQ (as in source maps) back to numbers: five bits a character, 32 says "more follows",
  // the lowest bit of a number is its sign; "-0" is a missing number.
  function unvlq(text) {
    const numbers = [];
    let code = 0;
    let shift = 1;
    for (const character of text) {
      const digit = VALUE[character];
      code += (digit & 31) * shift;
      if (digit & 32) { shift *= 32; continue; }
      const size = Math.floor(code / 2);
      numbers.push(code === 1 ? null : (code % 2 ? -size : size));
      code = 0;
      shift = 1;
    }
    return numbers;
  }

  // `order` running sums, each adding the number `lag` places back: what gridpack.differences took apart.
  function runningSums(numbers, order, lag = 1) {
    let values = numbers;
    for (let k = 0; k < order; k++) {
      const sums = [];
      values.forEach((value, j) => { sums.push(j < lag ? value : value + sums[j - lag]); });
      values = sums;
    }
    return values;
  }

  // Counts back to what they count: numbers (counts times their unit) or texts (by their index among the labels).
  function counted(column, counts) {
    if (column.labels) { return counts.map((k) => column.labels[k]); }
    return counts.map((count) => (count === null ? null : count * column.unit));
  }

  // A scalar column: one value a point, as they were or packed as one text.
  function scalarsOf(column) {
    if (Array.isArray(column)) { return column; }
    return counted(column, runningSums(unvlq(column.points[0]), column.order, column.lag));
  }

  // A list column's reader: the counts at grid point `point`, the varying positions from the point's text and
  // the rest from the template (decoded once for all points).
  function columnReader(column) {
    if (column.template === undefined) {
      return (point) => runningSums(unvlq(column.points[point]), column.order, column.lag);
    }
    const template = unvlq(column.template);
    const positions = runningSums(unvlq(column.varying), 1);
    return (point) => {
      const values = runningSums(unvlq(column.points[point]), column.order, column.lag);
      const counts = template.slice();
      positions.forEach((position, k) => { counts[position] = values[k]; });
      return counts;
    };
  }

  // The axes a packed dataset or a summary part is a grid of: those it names (gridparts), else all the grid's.
  function axesOf(grid, names) {
    return names ? grid.axes.filter((axis) => names.includes(axis.name)) : grid.axes;
  }

  // The index of the sliders' point among `axes`' points, the last axis stepping fastest.
  function pointOf(axes, indices) {
    return axes.reduce((point, axis) => point * axis.count + indices.get(axis.name), 0);
  }

  // Every grid point's row of a packed dataset: the axes' values (the last axis stepping fastest), its scalars
  // and its lists.
  function unpackRows(grid, packed) {
    const axes = axesOf(grid, packed.axes);
    const points = axes.reduce((count, axis) => count * axis.count, 1);
    const scalars = Object.entries(packed.scalars).map(([name, column]) => [name, scalarsOf(column)]);
    const lists = Object.entries(packed.arrays).map(([name, column]) => [name, column, columnReader(column)]);
    const rows = [];
    for (let point = 0; point < points; point++) {
      const row = {};
      let rest = point;
      for (let i = axes.length - 1; i >= 0; i--) {
        const axis = axes[i];
        row[axis.name] = Number((axis.low + axis.step * (rest % axis.count)).toFixed(10));
        rest = Math.floor(rest / axis.count);
      }
      for (const [name, values] of scalars) { row[name] = values[point]; }
      for (const [name, column, read] of lists) { row[name] = counted(column, read(point)); }
      rows.push(row);
    }
    return rows;
  }

  function unpackData(spec) {
    const grid = spec.usermeta && spec.usermeta.o2o_grid;
    for (const packed of (grid && grid.packed) || []) {
      const data = spec.data.find((d) => d.name === packed.dataset);
      if (data) { data.values = unpackRows(grid, packed); }
    }
  }

  const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

  const CHINESE_RUN = /([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+)/;

  // A Chinese page (<html lang="zh-CN">) is Chinese as a whole: only an English page tags its Chinese words.
  const CHINESE_PAGE = typeof document !== "undefined" && document.documentElement.lang.startsWith("zh");

  function tagChinese(root) {
    if (CHINESE_PAGE) { return; }
    for (const node of root.querySelectorAll("text")) {
      if (CHINESE.test(node.textContent)) { node.setAttribute("lang", "zh"); } else { node.removeAttribute("lang"); }
    }
  }

  // Every run of Chinese in `element`'s text in a <span lang="zh">, as the site's build tags its pages.
  function tagChineseRuns(element) {
    if (CHINESE_PAGE) { return; }
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) { texts.push(node); }
    for (const text of texts) {
      if (!CHINESE.test(text.textContent) || text.parentElement.closest("[lang^=zh]")) { continue; }
      const parts = text.textContent.split(CHINESE_RUN);
      text.replaceWith(...parts.map((part, i) => {
        if (i % 2 === 0) { return document.createTextNode(part); }
        const word = document.createElement("span");
        word.lang = "zh";
        word.textContent = part;
        return word;
      }));
    }
  }

  function unpack(summaries, point) {
    const [index, ...numbers] = summaries.points[point].split("|");
    const texts = summaries.skeletons[Number(index)].split("\u0000");
    return texts.map((text, i) => text + (numbers[i] || "")).join("");
  }

  // A number as Python's "{:+,.0f}" writes it: its sign always (a negative that rounds to 0 is "-0"), whole,
  // rounded to the nearest (a half to the even neighbour), thousands separated by commas.
  function signed(number) {
    const floor = Math.floor(number);
    const above = number - floor;
    const whole = above < 0.5 ? floor : above > 0.5 ? floor + 1 : floor + (floor % 2 === 0 ? 0 : 1);
    const negative = number < 0 || Object.is(number, -0);
    return `${negative ? "-" : "+"}${Math.abs(whole).toLocaleString("en-US")}`;
  }

  // The summary line at the sliders' step `indices` (axis name -> step): the grid point's own, or written from
  // its parts' pieces as gridparts.RankedLines.compose writes it: the pieces that rank, highest first (equal ranks
  // in the parts' order); `together` with the ranks' sum when every part ranks; part `alone`'s piece when none does.
  function summaryAt(grid, indices) {
    const summaries = grid.summaries;
    if (!summaries.parts) { return unpack(summaries, pointOf(grid.axes, indices)); }
    const pieces = summaries.parts.map((part) => {
      const point = pointOf(axesOf(grid, part.axes), indices);
      return [unpack(part.pieces, point), part.ranks[point]];
    });
    const ranked = pieces.filter(([, rank]) => rank !== null).sort((a, b) => b[1] - a[1]);
    let lines = [pieces[summaries.alone][0]];
    if (ranked.length) {
      lines = ranked.map(([text]) => text);
      if (ranked.length === pieces.length) {
        const sum = ranked.reduce((total, [, rank]) => total + rank, 0);
        lines.push(summaries.together.replace("\u0000", () => signed(sum)));
      }
    }
    return summaries.frame.replace("\u0000", () => lines.join(summaries.gap));
  }

  function shown(axis, value) {
    if (axis.percent) { return `${Number((value * 100).toFixed(1))}%`; }
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: 2 });
  }

  // The summary line and the chart's name follow the sliders; each slider's value reads as people write it.
  function followSliders(box, view, vegaView, grid) {
    const summary = box.querySelector(".o2o-summary");
    const values = new Map();
    for (const axis of grid.axes) {
      const input = box.querySelector(`.o2o-chart-controls input[name="${axis.name}"]`);
      if (!input) { continue; }
      const value = document.createElement("output");
      value.className = "o2o-value";
      input.after(value);
      values.set(axis.name, [input, value]);
    }
    const update = () => {
      const indices = new Map();
      for (const axis of grid.axes) {
        const value = vegaView.signal(axis.name);
        indices.set(axis.name, Math.min(axis.count - 1, Math.max(0, Math.round((value - axis.low) / axis.step))));
        const [input, output] = values.get(axis.name) || [];
        if (input) {
          output.textContent = shown(axis, value);
          input.setAttribute("aria-valuetext", output.textContent);
        }
      }
      if (summary) {
        summary.innerHTML = summaryAt(grid, indices);
        tagChineseRuns(summary);
        view.setAttribute("aria-label", `${grid.title}. ${summary.textContent}`);
      }
    };
    for (const axis of grid.axes) { vegaView.addSignalListener(axis.name, update); }
    update();
  }

  function showFallback(box, view) {
    const image = document.createElement("img");
    image.src = box.dataset.fallback;
    image.alt = view.getAttribute("aria-label") || "";
    image.width = Number(box.dataset.fallbackWidth);
    view.replaceChildren(image);
  }

  async function draw(box) {
    const view = box.querySelector(".o2o-chart-view");
    const name = view.getAttribute("aria-label");
    try {
      const spec = JSON.parse(box.querySelector("script.o2o-chart-spec").textContent);
      unpackData(spec);
      const drawn = await vegaEmbed(view, spec, {
        mode: "vega", renderer: "svg", actions: false, bind: box.querySelector(".o2o-chart-controls"),
      });
      // Vega-Embed names its box a "graphics-document"; the chart stays one image with its description.
      view.setAttribute("role", "img");
      view.setAttribute("aria-label", name);
      view.removeAttribute("aria-roledescription");
      const svg = view.querySelector("svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); }
      tagChinese(box);
      box.querySelectorAll(".vega-bind-name").forEach(tagChineseRuns);
      const grid = spec.usermeta && spec.usermeta.o2o_grid;
      if (grid) { followSliders(box, view, drawn.view, grid); }
      // Vega redraws its text when a slider moves or the page resizes: tag the new text too.
      new MutationObserver(() => tagChinese(box)).observe(view, { childList: true, subtree: true, characterData: true });
      box.classList.add("o2o-drawn");
    } catch (error) {
      console.error("a chart could not draw; showing its picture instead", error);
      showFallback(box, view);
      box.classList.add("o2o-failed");
    }
  }

  function drawAll() { document.querySelectorAll("figure.o2o-chart").forEach(draw); }

  root.o2oCharts = { signed, summaryAt, unpackRows, unvlq };
  if (typeof document === "undefined") { return; }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})(typeof window !== "undefined" ? window : globalThis);
