// Widget front ends come from the book itself, never from a CDN: require.js resolves
// module names ("anywidget", the widget manager's fonts) against the folder of this file.
(function () {
  window.requirejs.config({ baseUrl: document.currentScript.src.replace(/[^/]*$/, "") });
})();
