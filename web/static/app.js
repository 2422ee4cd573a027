// The little every page needs: ask before an action that cannot be undone,
// show a form that came back with errors where they are (it may be far down
// the case page), open PDFs where they cannot be framed, forget the visit
// draft once the server has the form, and say which files were chosen.
"use strict";
document.addEventListener("submit", function (e) {
  var ask = e.target.getAttribute("data-confirm");
  if (ask && !window.confirm(ask)) { e.preventDefault(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var problem = document.querySelector("[data-focus], .has-error");
  if (problem) { problem.scrollIntoView({ block: "center" }); }
  // A browser without a PDF viewer (a phone's) shows a framed PDF as an
  // empty box: it gets a button that opens the file instead.
  if (navigator.pdfViewerEnabled === false) {
    document.querySelectorAll("iframe[data-pdf]").forEach(function (frame) {
      var link = frame.parentNode.querySelector("[data-pdf-link]");
      if (link) { link.hidden = false; frame.remove(); }
    });
  }
  var done = document.querySelector("[data-forget-draft]");
  if (done) { try { window.localStorage.removeItem(done.getAttribute("data-forget-draft")); } catch (err) { /* storage off */ } }
});
// A file input hides behind its label (the browser's own button speaks the
// browser's language): say what was chosen, in the page's.
document.addEventListener("change", function (e) {
  var input = e.target;
  var out = input.type === "file" && document.querySelector('[data-chosen-for="' + input.id + '"]');
  if (!out) { return; }
  var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
  if (names.length) { out.textContent = out.getAttribute("data-chosen") + names.join("、"); }
});
