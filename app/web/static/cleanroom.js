// Shared behaviour of every page, loaded from our own origin (the CSP allows no inline script).
"use strict";

// Forms marked data-confirm ask before they submit (decisions, revocations, disabling a user).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// JSON calls from pages carry the page's CSRF token; the server refuses state changes without it.
window.cleanroom = {
  csrfToken() {
    return document.querySelector('meta[name="csrf-token"]').content;
  },
  async postJSON(url, body, signal) {
    const response = await fetch(url, {
      method: "POST", signal, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": this.csrfToken()},
      body: JSON.stringify(body),
    });
    return {status: response.status, data: await response.json()};
  },
  async getJSON(url, signal) {
    const response = await fetch(url, {signal, credentials: "same-origin"});
    return {status: response.status, data: await response.json()};
  },
};
