// Draw each chart of the page with the Vega runtime the site ships (no CDN, no Vega-Lite compiler).
// The chart box keeps its accessible name (the spec's description) before and after drawing;
// if a chart cannot draw, the PNG made when the site was built takes its place.
"use strict";
(function () {
  const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

  function tagChinese(root) {
    for (const node of root.querySelectorAll("text, .vega-bind-name")) {
      if (CHINESE.test(node.textContent)) { node.setAttribute("lang", "zh"); } else { node.removeAttribute("lang"); }
    }
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
      await vegaEmbed(view, spec, {
        mode: "vega", renderer: "svg", actions: false, bind: box.querySelector(".o2o-chart-controls"),
      });
      // Vega-Embed names its box a "graphics-document"; the chart stays one image with its description.
      view.setAttribute("role", "img");
      view.setAttribute("aria-label", name);
      view.removeAttribute("aria-roledescription");
      const svg = view.querySelector("svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); }
      tagChinese(box);
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
