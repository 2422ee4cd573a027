// The little every page needs: ask before an action that cannot be undone,
// show a form that came back with errors where they are (it may be far down
// the case page), and forget the visit draft once the server has the form.
"use strict";
document.addEventListener("submit", function (e) {
  var ask = e.target.getAttribute("data-confirm");
  if (ask && !window.confirm(ask)) { e.preventDefault(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var problem = document.querySelector("[data-focus], .has-error");
  if (problem) { problem.scrollIntoView({ block: "center" }); }
  var done = document.querySelector("[data-forget-draft]");
  if (done) { try { window.localStorage.removeItem(done.getAttribute("data-forget-draft")); } catch (err) { /* storage off */ } }
});
