// The cohort builder: a concept picker with type-ahead, the definition JSON kept from the form, and the live count.
"use strict";

(() => {
  const form = document.getElementById("cohort-form");
  if (!form) {
    return;
  }
  const search = document.getElementById("concept-search");
  const options = document.getElementById("concept-options");
  const announce = document.getElementById("concept-announce");
  const criteria = document.getElementById("criteria");
  const template = document.getElementById("criterion-template");
  const hidden = form.querySelector('input[name="definition"]');
  const shownJSON = document.getElementById("definition-json");
  const status = document.getElementById("count-status");
  const panel = document.getElementById("counts");
  const TYPING_DELAY = 120;   // ms of quiet before counting typed input: an age typed is one count, not three
  const SEARCH_DELAY = 80;
  let hits = [];
  let active = -1;
  let searching = null;
  let counting = null;
  let countTimer = 0;
  let searchTimer = 0;

  // --- The definition: exactly DESIGN.md's "Cohort definition", empty parts left out. ---
  function checked(name) {
    return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  }

  function range(lowId, highId, lowKey, highKey, asNumber) {
    const span = {};
    for (const [id, key] of [[lowId, lowKey], [highId, highKey]]) {
      const input = document.getElementById(id);
      if (input.value !== "") {
        span[key] = asNumber ? Number(input.value) : input.value;
      } else if (asNumber && input.validity.badInput) {
        span[key] = input.value;   // not a number: let the server say so rather than silently ignore it
      }
    }
    return Object.keys(span).length ? span : null;
  }

  function definition() {
    const data = {};
    const lists = {modalities: checked("modality"), body_parts: checked("body_part"), sex: checked("sex")};
    for (const [key, values] of Object.entries(lists)) {
      if (values.length) {
        data[key] = values;
      }
    }
    const dates = range("date-from", "date-to", "from", "to", false);
    if (dates) {
      data.study_date = dates;
    }
    const age = range("age-min", "age-max", "min", "max", true);
    if (age) {
      data.age = age;
    }
    const include = [];
    const exclude = [];
    const labels = [];
    for (const row of criteria.querySelectorAll("li.criterion")) {
      const concept = row.dataset.concept;
      const role = row.querySelector(".role").value;
      const item = {concept, status: row.querySelector(".status").value,
                    descendants: row.querySelector(".deep").checked};
      if (role === "include") {
        include.push(item);
      } else if (role === "exclude") {
        exclude.push(item);
      }
      if (row.querySelector(".as-label").checked) {
        labels.push(concept);
      }
    }
    for (const [key, values] of Object.entries({include, exclude, labels})) {
      if (values.length) {
        data[key] = values;
      }
    }
    return data;
  }

  // --- The live count: debounced, and a newer change aborts the request still in flight. ---
  function changed(delay = 0) {
    const data = definition();
    hidden.value = JSON.stringify(data);
    shownJSON.textContent = JSON.stringify(data, null, 2);
    window.clearTimeout(countTimer);
    countTimer = window.setTimeout(() => count(data), delay);
  }

  async function count(data) {
    if (counting) {
      counting.abort();
    }
    const mine = counting = new AbortController();
    form.setAttribute("aria-busy", "true");
    try {
      const {status: code, data: answer} = await window.cleanroom.postJSON(form.dataset.countUrl, data, mine.signal);
      if (mine !== counting) {
        return;
      }
      if (code === 200) {
        panel.innerHTML = answer.html;
        status.textContent = `${answer.studies} studies of ${answer.patients} patients.`;
        status.classList.remove("problem");
      } else {
        status.textContent = answer.error ? answer.error.message : "The count failed; try again.";
        status.classList.add("problem");
      }
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      status.textContent = "The count could not be fetched (signed out, or the form expired?). Reload the page.";
      status.classList.add("problem");
    } finally {
      if (mine === counting) {
        form.removeAttribute("aria-busy");
        counting = null;
      }
    }
  }

  // --- The concept picker: a combobox over the ontology's search (labels, synonyms, abbreviations). ---
  function close() {
    options.hidden = true;
    options.replaceChildren();
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
    hits = [];
    active = -1;
  }

  function highlight(index) {
    active = index;
    options.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) {
        search.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({block: "nearest"});
      }
    });
  }

  function show(found) {
    hits = found;
    options.replaceChildren();
    if (!found.length) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "No finding, procedure or device has that name.";
      options.append(empty);
    }
    found.forEach((hit, i) => {
      const option = document.createElement("li");
      option.id = `concept-option-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const name = document.createElement("span");
      name.className = "option-name";
      name.textContent = hit.label;
      option.append(name);
      if (hit.matched && hit.matched.toLowerCase() !== hit.label.toLowerCase()) {
        option.append(` (${hit.matched})`);
      }
      const path = document.createElement("span");
      path.className = "option-path";
      path.textContent = `${[...hit.path, hit.label].join(" › ")} · ${hit.id}`;
      option.append(path);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();   // keep the focus in the search box
        pick(i);
      });
      options.append(option);
    });
    options.hidden = false;
    search.setAttribute("aria-expanded", "true");
    announce.textContent = found.length ? `${found.length} concepts found.` : "No concept found.";
    if (found.length) {
      highlight(0);
    }
  }

  async function lookUp(text) {
    if (searching) {
      searching.abort();
    }
    const mine = searching = new AbortController();
    try {
      const url = `${form.dataset.searchUrl}?q=${encodeURIComponent(text)}`;
      const {status: code, data} = await window.cleanroom.getJSON(url, mine.signal);
      if (mine === searching && code === 200 && search.value.trim() === text) {
        show(data.concepts);
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        announce.textContent = "The search failed; try again.";
      }
    }
  }

  function pick(index) {
    const hit = hits[index];
    if (!hit) {
      return;
    }
    close();
    search.value = "";
    const existing = criteria.querySelector(`li.criterion[data-concept="${CSS.escape(hit.id)}"]`);
    if (existing) {
      existing.querySelector(".role").focus();
      announce.textContent = `${hit.label} is already chosen.`;
      return;
    }
    const row = template.content.firstElementChild.cloneNode(true);
    row.dataset.concept = hit.id;
    row.querySelectorAll(".concept-label").forEach((node) => { node.textContent = hit.label; });
    row.querySelector(".concept-id").textContent = hit.id;
    row.querySelector(".concept-path").textContent = hit.path.join(" › ");
    row.querySelector(".descendant-count").textContent = hit.descendants;
    row.querySelector(".deep").disabled = !hit.descendants;
    criteria.append(row);
    announce.textContent = `${hit.label} added: the report must state it as present.`;
    changed();
  }

  search.addEventListener("input", () => {
    const text = search.value.trim();
    window.clearTimeout(searchTimer);
    if (!text) {
      close();
      return;
    }
    searchTimer = window.setTimeout(() => lookUp(text), SEARCH_DELAY);
  });

  search.addEventListener("keydown", (event) => {
    const open = !options.hidden && hits.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight((active + 1) % hits.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight((active - 1 + hits.length) % hits.length);
    } else if (event.key === "Enter") {
      event.preventDefault();   // Enter picks a concept; it never submits the request by accident
      if (open && active >= 0) {
        pick(active);
      }
    } else if (event.key === "Escape") {
      close();
    }
  });

  search.addEventListener("blur", () => window.setTimeout(close, 150));

  criteria.addEventListener("click", (event) => {
    const remove = event.target.closest("button.remove");
    if (remove) {
      const row = remove.closest("li.criterion");
      announce.textContent = `${row.querySelector(".concept-label").textContent} removed.`;
      row.remove();
      search.focus();
      changed();
    }
  });

  // Any change to the parts of the form that make the definition is counted again: a tick or a choice at once,
  // typing once it pauses.
  form.addEventListener("input", (event) => {
    const typed = event.target.matches('input[type="number"], input[type="date"]');
    if (event.target !== search && event.target.closest("[data-definition]")) {
      changed(typed ? TYPING_DELAY : 0);
    }
  });
  form.addEventListener("submit", () => {
    hidden.value = JSON.stringify(definition());
  });

  changed();
})();
