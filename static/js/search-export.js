// The exported search page: Pagefind's interface over the index `flask freeze` wrote
// into pagefind/ beside the pages. Nothing is fetched from another site.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("pagefind-search");
  var script = document.querySelector('script[src$="pagefind-ui.js"]');
  if (!box) return;
  if (location.protocol === "file:" || !script || typeof PagefindUI === "undefined") {
    // Browsers refuse the index's requests from files: say so, and the A-Z link below helps.
    var note = document.createElement("p");
    note.textContent = box.getAttribute("data-offline-message");
    box.appendChild(note);
    return;
  }
  new PagefindUI({
    element: "#pagefind-search",
    bundlePath: script.src.replace(/pagefind-ui\.js$/, ""),
    showImages: false,
    showSubResults: true,
  });
  // Pagefind's box has only a title; give it a visible label, as every field has.
  var input = box.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.id = "pagefind-q";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = box.getAttribute("data-label");
    box.parentNode.insertBefore(label, box);
  }
});
