// The visit form: the dimension scores and the grade as the items are
// answered, computed from the instrument the page carries (the server scores
// the submitted form again, and its score is the one that counts), and a
// draft kept on the device, so that a dropped connection or a reload loses
// nothing.
"use strict";
(function () {
  var form = document.getElementById("visit-form");
  if (!form) { return; }
  var instrument = JSON.parse(form.getAttribute("data-instrument"));
  var draftKey = form.getAttribute("data-draft");
  var english = form.getAttribute("data-lang") === "en";
  var levelOrder = ["intact", "mild", "moderate", "severe"];
  var levelNames = {
    intact: ["能力完好", "intact"], mild: ["轻度受损", "mildly impaired"],
    moderate: ["中度受损", "moderately impaired"], severe: ["重度受损", "severely impaired"]
  };
  function say(pair) { return english ? pair[1] : pair[0]; }

  function answer(code) {
    var checked = form.querySelector('input[name="items.' + code + '"]:checked');
    return checked ? parseInt(checked.value, 10) : null;
  }

  function levelOf(dimension, score) {
    for (var i = 0; i < dimension.levels.length; i++) {
      var band = dimension.levels[i];
      if (score >= band.min && score <= band.max) { return band.level; }
    }
    return "";
  }

  function worse(a, b) { return levelOrder.indexOf(b) > levelOrder.indexOf(a) ? b : a; }

  function grade(levels) {
    var g = instrument.grading;
    if (g.method === "combination") {
      var worst = "";
      g.columns_worst_of.forEach(function (code) { worst = worse(worst, levels[code]); });
      return g.table[levels[g.rows]][worst];
    }
    return g.grade_of_level[levels[g.dimension]];
  }

  function gradeName(n) {
    for (var i = 0; i < instrument.grades.length; i++) {
      if (instrument.grades[i].grade === n) { return english ? instrument.grades[i].name.en : instrument.grades[i].name.zh; }
    }
    return String(n);
  }

  function score() {
    var levels = {}, complete = true;
    instrument.dimensions.forEach(function (d) {
      var total = 0, answered = 0, max = 0;
      d.items.forEach(function (item) {
        var v = answer(item.code);
        max += item.points[item.points.length - 1];
        if (v !== null) { total += v; answered++; }
      });
      var cell = document.querySelector('[data-dimension="' + d.code + '"]');
      if (answered === d.items.length) {
        levels[d.code] = levelOf(d, total);
        cell.textContent = total + " / " + max + " · " + say(levelNames[levels[d.code]]);
      } else {
        complete = false;
        cell.textContent = total + " / " + max + (english ? " (" + answered + " of " + d.items.length + " answered)" : "（已填 " + answered + "/" + d.items.length + " 项）");
      }
    });
    var out = document.querySelector("[data-grade]");
    out.textContent = complete ? (english ? "Grade: " : "失能等级：") + gradeName(grade(levels)) : out.getAttribute("data-pending");
  }

  function save() {
    var draft = { values: {}, signatures: [] };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "radio" && el.checked) { draft.values[el.name] = el.value; }
      if (el.name === "visited_at") { draft.values.visited_at = el.value; }
      if (el.name === "signatures" && el.checked) { draft.signatures.push(el.value); }
    });
    try { window.localStorage.setItem(draftKey, JSON.stringify(draft)); } catch (err) { /* storage off: the form still works */ }
  }

  // restore fills what the page left empty from the draft: a form the server
  // sent back with errors keeps what it sent.
  function restore() {
    var draft = null;
    try { draft = JSON.parse(window.localStorage.getItem(draftKey) || "null"); } catch (err) { return; }
    if (!draft) { return; }
    var restored = false;
    Object.keys(draft.values).forEach(function (name) {
      if (name === "visited_at") { return; }
      if (form.querySelector('input[name="' + name + '"]:checked')) { return; }
      var input = form.querySelector('input[name="' + name + '"][value="' + draft.values[name] + '"]');
      if (input) { input.checked = true; restored = true; }
    });
    if (draft.values.visited_at) { form.elements.visited_at.value = draft.values.visited_at; }
    draft.signatures.forEach(function (id) {
      var box = form.querySelector('input[name="signatures"][value="' + id + '"]');
      if (box && !box.checked) { box.checked = true; restored = true; }
    });
    if (restored) { document.getElementById("restored").hidden = false; }
  }

  function showNetwork() { document.getElementById("offline").hidden = navigator.onLine; }

  form.addEventListener("change", function () { save(); score(); });
  form.addEventListener("input", save);
  form.addEventListener("submit", function (e) {
    save();
    if (!navigator.onLine) { e.preventDefault(); showNetwork(); }
  });
  window.addEventListener("online", showNetwork);
  window.addEventListener("offline", showNetwork);
  restore();
  score();
  showNetwork();
}());
