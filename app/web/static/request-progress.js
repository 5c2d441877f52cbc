// A request's page follows its export: the progress bar moves, and the download appears once the package is ready.
"use strict";

(() => {
  const section = document.querySelector("[data-progress-url]");
  if (!section) {
    return;
  }
  const bar = document.getElementById("export-progress");
  const text = document.getElementById("export-progress-text");
  const badge = document.getElementById("request-state");
  const download = document.getElementById("download");
  const failed = document.getElementById("export-failed");
  const EVERY = 1000;   // ms between polls while the export runs
  const BADGES = {ready: "ok", failed: "bad", exporting: "warn", approved: "ok"};

  async function poll() {
    let answer;
    try {
      answer = (await window.cleanroom.getJSON(section.dataset.progressUrl)).data;
    } catch (error) {
      window.setTimeout(poll, EVERY * 5);   // a network hiccup: try again, more slowly
      return;
    }
    const progress = answer.job ? answer.job.progress : null;
    if (progress && progress.total) {
      bar.max = progress.total;
      bar.value = progress.done;
      text.textContent = `${progress.done} of ${progress.total}`;
    }
    badge.textContent = answer.state;
    badge.className = `badge ${BADGES[answer.state] || ""}`;
    if (answer.state === "ready") {
      bar.max = bar.max || 1;
      bar.value = bar.max;
      text.textContent = "done";
      download.hidden = false;
      download.href = answer.download;
    } else if (answer.state === "failed") {
      failed.hidden = false;
      text.textContent = "stopped";
    } else {
      window.setTimeout(poll, EVERY);
    }
  }

  window.setTimeout(poll, EVERY);
})();
