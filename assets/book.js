// The book's own script: after MathJax has typeset the page, an inline formula wider than its
// line (MathJax 3 cannot break one) becomes a box that scrolls sideways on its own, instead of
// pushing the page wider than a phone's screen. Marks <html data-math-ready> when done.
(function () {
  "use strict";

  function fitInlineMath() {
    for (const math of document.querySelectorAll('mjx-container[jax="CHTML"]:not([display="true"])')) {
      const line = math.parentElement.closest("p, li, td, th, dd, dt, div, caption") || document.body;
      const wide = math.classList.contains("book-wide-math");
      const natural = wide ? math.scrollWidth : math.getBoundingClientRect().width;
      math.classList.toggle("book-wide-math", natural > line.clientWidth + 1);
    }
  }

  function whenTypeset() {
    const startup = window.MathJax && window.MathJax.startup;
    if (!startup || !startup.promise) {
      document.documentElement.dataset.mathReady = "none";
      return;
    }
    startup.promise.then(() => {
      fitInlineMath();
      document.documentElement.dataset.mathReady = "true";
      let pending = null;
      window.addEventListener("resize", () => {
        clearTimeout(pending);
        pending = setTimeout(fitInlineMath, 100);
      });
    });
  }

  if (document.readyState === "complete") whenTypeset();
  else window.addEventListener("load", whenTypeset);
})();
