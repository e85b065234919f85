// The exported search page: Pagefind's interface over the index `flask freeze` wrote
// into pagefind/ beside the pages. Nothing is fetched from another site.
window.addEventListener("DOMContentLoaded", function () {
  var script = document.querySelector('script[src$="pagefind-ui.js"]');
  if (!script || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#pagefind-search",
    bundlePath: script.src.replace(/pagefind-ui\.js$/, ""),
    showImages: false,
    showSubResults: true,
  });
});
