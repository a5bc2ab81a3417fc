/* While a catalog import is checked or applied in the background, poll its progress and move the bar; reload the
   page once the job is no longer busy, to show the preview or the result. No library needed. */
(function () {
  "use strict";

  var bar = document.getElementById("pim-import-progress");
  if (!bar || !window.fetch) { return; }
  var text = document.getElementById("pim-import-progress-text");
  var status = document.getElementById("pim-import").getAttribute("data-status");

  function poll() {
    fetch(bar.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) { window.setTimeout(poll, 5000); return; }
        bar.value = progress.percent;
        if (text) { text.textContent = progress.rows_done + " / " + progress.total_rows; }
        if (!progress.busy || progress.status !== status) { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
