// Every page: a code block, output or formula wider than its column scrolls inside its box; mark the box
// ("scroll →", o2o-site.css) so that a reader on a phone knows there is more, until it is scrolled to its end.
"use strict";
(function () {
  const SCROLLERS = "div.highlight > pre, .cell_output .output, div.math.o2o-display-math";

  function mark() {
    for (const scroller of document.querySelectorAll(SCROLLERS)) {
      const box = scroller.parentElement;
      const wide = scroller.scrollWidth > scroller.clientWidth + 1;
      box.classList.toggle("o2o-scrolls", wide);
      if (wide && !scroller.dataset.o2oWatched) {
        scroller.dataset.o2oWatched = "1";
        scroller.addEventListener("scroll", () => {
          const end = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 2;
          box.classList.toggle("o2o-scrolled", end);
        }, { passive: true });
      }
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
