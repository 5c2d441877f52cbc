// Quarantine page: a file without pixels (or whose text could not be masked with certainty) has no preview;
// say so instead of showing broken images.
"use strict";

document.querySelectorAll(".previews").forEach((previews) => {
  const replace = () => {
    if (!previews.isConnected) {
      return;
    }
    const note = document.createElement("p");
    note.className = "muted no-preview";
    note.textContent = "No preview: the file has no pixels that can be shown with every text masked.";
    previews.replaceWith(note);
  };
  previews.querySelectorAll("img").forEach((img) => {
    if (img.complete && img.naturalWidth === 0) {
      replace();
    } else {
      img.addEventListener("error", replace, {once: true});
    }
  });
});
