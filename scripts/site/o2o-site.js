// Every page: a code block, output or formula wider than its column scrolls inside its box; mark the box
// ("scroll →", o2o-site.css) so that a reader on a phone knows there is more, until it is scrolled to its end.
"use strict";
(function () {
  const SCROLLERS = "div.highlight > pre, .cell_output .output, div.math";

  // Each scroller gets a box of its own (several formulas share one section): the box carries the cue.
  function boxOf(scroller) {
    if (scroller.parentElement.classList.contains("o2o-scroll-box")) { return scroller.parentElement; }
    const box = document.createElement("div");
    box.className = "o2o-scroll-box";
    scroller.before(box);
    box.append(scroller);
    scroller.addEventListener("scroll", () => {
      const end = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 2;
      box.classList.toggle("o2o-scrolled", end);
    }, { passive: true });
    return box;
  }

  function mark() {
    for (const scroller of document.querySelectorAll(SCROLLERS)) {
      const wide = scroller.scrollWidth > scroller.clientWidth + 1;
      if (wide || scroller.parentElement.classList.contains("o2o-scroll-box")) {
        boxOf(scroller).classList.toggle("o2o-scrolls", wide);
      }
      // a box that scrolls takes the keyboard's focus, so that arrow keys scroll it too
      if (scroller.scrollWidth > scroller.clientWidth) { scroller.tabIndex = 0; } else if (!scroller.matches("pre")) {
        scroller.removeAttribute("tabindex");
      }
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  // a late font or a chart drawn after load can make a block wider: look again whenever the page's size changes
  if (document.fonts) { document.fonts.ready.then(mark); }
  let pending = false;
  new ResizeObserver(() => {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(() => { pending = false; mark(); });
  }).observe(document.body);
})();
