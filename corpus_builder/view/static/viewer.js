// Index filters: read the embedded JSON index (a data block, never markup) and hide rows that
// do not match. Text from the corpus is only ever compared, never inserted into the page.
(function () {
  "use strict";
  var block = document.getElementById("index-data");
  var table = document.getElementById("articles");
  if (!block || !table) return;
  var data = JSON.parse(block.textContent);
  var norm = function (s) { return String(s || "").normalize("NFKC").toLocaleLowerCase(); };
  data.forEach(function (d) {
    d.nSpeakers = d.speakers.map(norm);
    d.nNames = d.names.map(norm);
    d.nSearch = norm(d.title + "\n" + d.search);
  });
  var field = function (id) { return document.getElementById(id); };
  var site = field("f-site"), from = field("f-from"), to = field("f-to");
  var speaker = field("f-speaker"), entity = field("f-entity"), text = field("f-text");
  var count = field("match-count");
  var rows = table.tBodies[0].rows;

  function anyContains(list, needle) {
    for (var i = 0; i < list.length; i++) if (list[i].indexOf(needle) !== -1) return true;
    return false;
  }

  function matches(d) {
    if (site.value && d.site !== site.value) return false;
    if (from.value && (!d.date || d.date < from.value)) return false;
    if (to.value && (!d.date || d.date > to.value)) return false;
    var s = norm(speaker.value.trim());
    if (s && !anyContains(d.nSpeakers, s)) return false;
    var e = norm(entity.value.trim());
    if (e && !anyContains(d.nNames, e)) return false;
    var words = norm(text.value).split(/\s+/).filter(Boolean);
    for (var i = 0; i < words.length; i++) if (d.nSearch.indexOf(words[i]) === -1) return false;
    return true;
  }

  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = matches(data[Number(rows[i].dataset.i)]);
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + data.length + " articles";
  }

  // ?speaker=...&entity=...&q=...&site=...&from=...&to=... prefill the filters (links from the
  // speakers page, bookmarks).
  var params = new URLSearchParams(window.location.search);
  [["site", site], ["from", from], ["to", to], ["speaker", speaker], ["entity", entity], ["q", text]]
    .forEach(function (pair) { if (params.has(pair[0])) pair[1].value = params.get(pair[0]); });

  var form = document.getElementById("filters");
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener("input", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();

// Speakers page: hide the quotes whose speaker_confidence is below the chosen minimum (a quote
// with no speaker has none, so any minimum hides it), then the speakers left with no quote.
// ?min_confidence=0.9 prefills the filter.
(function () {
  "use strict";
  var input = document.getElementById("f-confidence");
  if (!input) return;
  var count = document.getElementById("confidence-count");
  var quotes = document.querySelectorAll("li.q-item");
  var sections = document.querySelectorAll("section.speaker");
  var toc = {};
  document.querySelectorAll(".speaker-toc li").forEach(function (li) { toc[li.dataset.anchor] = li; });

  function apply() {
    var min = parseFloat(input.value);
    var active = !isNaN(min) && min > 0;
    var shown = 0;
    quotes.forEach(function (li) {
      var c = li.dataset.confidence === undefined ? NaN : parseFloat(li.dataset.confidence);
      var ok = !active || (!isNaN(c) && c >= min);
      li.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (sec) {
      var empty = sec.querySelector("li.q-item:not([hidden])") === null;
      sec.hidden = empty;
      if (toc[sec.id]) toc[sec.id].hidden = empty;
    });
    count.textContent = shown + " of " + quotes.length + " quotes";
  }

  var params = new URLSearchParams(window.location.search);
  if (params.has("min_confidence")) input.value = params.get("min_confidence");
  var form = document.getElementById("confidence-filter");
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener("input", apply);
  apply();
})();
