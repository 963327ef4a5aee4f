// Quick entry of contacts. Without JavaScript the form posts as usual; with it, saving happens in
// place, and an entry that cannot be sent stays in the form and in this browser (localStorage)
// until the server has it. Each entry carries a key, so sending it twice saves it once.
const form = document.querySelector("form[data-entry], form[data-referrals-only]");
// Waiting entries are kept per user, so a shared tablet sends each only under its own login.
const STORE = `sozialinfo.pending-contacts.${form?.dataset.user}`;

const newKey = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs HTTPS
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
// The local wall-clock minute, as a datetime-local field shows it and the server reads it.
const localMinute = (date) => {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);

const chip = (form, id, name) => {
  const item = document.createElement("li");
  item.className = "chip chip-on";
  const hidden = Object.assign(document.createElement("input"), { type: "hidden", name: "referred_to", value: id });
  const label = Object.assign(document.createElement("span"), { textContent: name });
  const remove = Object.assign(document.createElement("button"), { type: "button", className: "chip-remove", textContent: "×" });
  remove.dataset.unrefer = "";
  remove.setAttribute("aria-label", format(form.dataset.textRemove, { name }));
  item.append(hidden, label, " ", remove);
  return item;
};

// Referrals: organisation names from the admin's autocomplete, chosen ones shown as chips.
const referrals = (form) => {
  const input = form.querySelector("#id_referral");
  const list = form.querySelector("#organisations");
  const chips = form.querySelector("[data-referred]");
  if (!input || !list || !chips) return;
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (pick()) return;
    timer = setTimeout(async () => {
      const query = new URLSearchParams({
        app_label: "contacts", model_name: "contact", field_name: "referred_to", term: input.value,
      });
      try {
        const response = await fetch(`${form.dataset.autocomplete}?${query}`);
        const { results } = await response.json();
        list.replaceChildren(...results.map(({ id, text }) => {
          const option = document.createElement("option");
          option.value = text;
          option.dataset.id = id;
          return option;
        }));
      } catch {
        // Offline: the name typed is resolved by the server when the entry is sent.
      }
    }, 200);
  });
  const pick = () => {
    const option = [...list.options].find((o) => o.value === input.value.trim());
    if (!option) return false;
    if (!chips.querySelector(`input[value="${option.dataset.id}"]`)) {
      chips.append(chip(form, option.dataset.id, option.value));
    }
    input.value = "";
    list.replaceChildren();
    return true;
  };
  input.addEventListener("change", pick);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && input.value.trim()) {
      event.preventDefault(); // Enter adds the organisation; it saves only with Ctrl
      pick();
    }
  });
};

form?.addEventListener("click", (event) => {
  const remove = event.target.closest("[data-unrefer]");
  if (!remove) return;
  const item = remove.closest("li");
  const next = item.nextElementSibling || item.previousElementSibling;
  item.remove();
  (next?.querySelector("button") || form.querySelector("#id_referral"))?.focus();
});

if (form) referrals(form);

if (form?.matches("[data-entry]")) {
  const fields = form.querySelector("[data-fields]");
  const saveButton = form.querySelector("[data-save]");
  const saved = form.querySelector("[data-saved]");
  const pending = document.getElementById("pending");
  const today = document.getElementById("today");
  let saving = false;
  let flushing = false;

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(STORE)) || [];
    } catch {
      return [];
    }
  };
  const store = (entries) => {
    try {
      localStorage.setItem(STORE, JSON.stringify(entries));
    } catch {
      // Storage full or switched off: the entry still stays in the form.
    }
  };
  const keyOf = () => form.querySelector("[name=entry_key]");
  const ensureKey = () => {
    if (!keyOf().value) keyOf().value = newKey();
    return keyOf().value;
  };
  const snapshot = () => {
    const data = [...new FormData(form)].filter(([name]) => name !== "csrfmiddlewaretoken");
    const names = [...form.querySelectorAll("[data-referred] li")].map((li) => [
      li.querySelector("input").value, li.querySelector("span").textContent,
    ]);
    return { key: ensureKey(), data, names };
  };
  const keep = (entry) => store([...load().filter((e) => e.key !== entry.key), entry]);
  const drop = (key) => store(load().filter((e) => e.key !== key));

  // Put a stored entry back into the form, as it was when it was saved.
  const restore = (entry) => {
    for (const element of form.elements) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = entry.data.some(([n, v]) => n === element.name && v === element.value);
      } else if (element.name && element.name !== "csrfmiddlewaretoken" && element.type !== "submit") {
        element.value = entry.data.find(([n]) => n === element.name)?.[1] ?? "";
      }
    }
    form.querySelector("[data-referred]").replaceChildren(
      ...entry.names.map(([id, name]) => chip(form, id, name)),
    );
  };

  const untouched = ["csrfmiddlewaretoken", "entry_key", "channel"];
  const pristine = () => [...new FormData(form)].every(([n, v]) => untouched.includes(n) || !v);

  // A fresh form: everything cleared but the channel, and a new key.
  const clear = (key) => {
    fields.querySelectorAll("[data-problem], .field-errors, .confirm").forEach((e) => e.remove());
    const channel = form.querySelector("[name=channel]:checked")?.value;
    for (const element of form.elements) {
      if (element.type === "checkbox" || element.type === "radio") element.checked = false;
      else if (["text", "datetime-local", "select-one"].includes(element.type)) element.value = "";
    }
    const again = form.querySelector(`[name=channel][value="${channel}"]`);
    if (again) again.checked = true;
    form.querySelector("[data-referred]").replaceChildren();
    keyOf().value = key || newKey();
  };

  const showPending = (message) => {
    const waiting = load();
    pending.hidden = waiting.length === 0;
    const text = waiting.length
      ? message || format(form.dataset[waiting.length === 1 ? "textPendingOne" : "textPending"], { count: waiting.length })
      : "";
    // The live region stays in the page, so a screen reader hears each change.
    const note = document.getElementById("pending-text");
    if (note.textContent !== text) note.textContent = text;
    pending.querySelector("[data-next]").hidden = !waiting.some((e) => e.key === keyOf().value);
  };

  const swap = (html, focusProblem) => {
    fields.innerHTML = html;
    referrals(form);
    if (focusProblem) fields.querySelector("[data-problem]")?.focus();
  };

  const freshToken = async () => {
    try {
      const response = await fetch(form.action, { credentials: "same-origin" });
      if (response.redirected) return false;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const token = page.querySelector("[name=csrfmiddlewaretoken]")?.value;
      const mine = form.querySelector("[name=csrfmiddlewaretoken]");
      if (!token || token === mine.value) return false;
      mine.value = token;
      return true;
    } catch {
      return false;
    }
  };

  // Send one entry and say what came of it: offline, saved (200/201) or refused (400).
  const send = async (entry) => {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    for (const [name, value] of entry.data) body.append(name, value);
    // Sent again later: it happened when it was first saved, not when it arrives.
    if (entry.tries && !body.get("happened_at")) body.set("happened_at", entry.at);
    keep({ ...entry, tries: (entry.tries || 0) + 1 });
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST", body, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin",
      });
    } catch {
      return { offline: true };
    }
    const json = (response.headers.get("Content-Type") || "").includes("application/json");
    if (!json || ![200, 201, 400].includes(response.status)) {
      // Logged out, or logged in again elsewhere (a new CSRF token): fetch the page's token.
      const login = response.redirected || response.status === 403;
      if (login && (await freshToken())) return send(entry);
      return { offline: true, message: login ? form.dataset.textLogin : null };
    }
    if (response.status === 400) keep({ ...entry, refused: true });
    else drop(entry.key);
    return { status: response.status, ...(await response.json()) };
  };

  const answer = (entry, result) => {
    const current = entry.key === keyOf().value;
    if (result.offline) {
      showPending(result.message);
      return;
    }
    today.innerHTML = result.today;
    if (result.status === 400 && (current || pristine())) {
      // Refused: the entry goes (back) into the form, with the reasons, and stays in the browser
      // until it is saved. One refused while the form is in use waits until the form is free.
      swap(result.form, true);
      saved.textContent = "";
    } else if (result.status !== 400 && current) {
      clear(result.key);
      saved.textContent = result.saved;
    }
    showPending();
  };

  // Send what is waiting, oldest first; the entry in the form is sent by its own save.
  const flush = async () => {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      const formFree = pristine();
      for (const entry of load()) {
        if (entry.refused && !(formFree && entry.key !== keyOf().value)) continue;
        const result = await send(entry);
        answer(entry, result);
        if (result.offline) break;
      }
    } finally {
      flushing = false;
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return; // a double click saves once
    saving = true;
    saveButton.setAttribute("aria-disabled", "true");
    saved.textContent = form.dataset.textSending;
    const waiting = load().find((e) => e.key === ensureKey());
    const entry = { ...snapshot(), at: waiting?.at || localMinute(new Date()), tries: waiting?.tries || 0 };
    try {
      const result = await send(entry);
      if (result.offline) saved.textContent = "";
      answer(entry, result);
    } finally {
      saving = false;
      saveButton.removeAttribute("aria-disabled");
    }
    flush();
  });

  pending.querySelector("[data-retry]").addEventListener("click", flush);
  pending.querySelector("[data-next]").addEventListener("click", () => {
    clear();
    showPending();
    saved.textContent = "";
    form.querySelector("[name=requester]")?.focus();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 20000);

  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const digit = /^Digit([1-9])$/.exec(event.code);
      const target = digit
        ? form.querySelectorAll("[name=channel]")[digit[1] - 1]
        : { KeyB: form.querySelector("[name=requester][value=citizen]"),
            KeyO: form.querySelector("[name=requester][value=organisation]") }[event.code];
      if (target) {
        event.preventDefault();
        target.checked = true;
        target.focus();
      }
    }
  });

  // An entry left over from an earlier visit goes back into the form and is sent again.
  const left = load();
  if (left.length) {
    restore(left[left.length - 1]);
    showPending();
    flush();
  } else {
    ensureKey();
  }
}
