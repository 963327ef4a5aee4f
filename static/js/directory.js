// Filter the directory without a full reload; the URL and the back button stay right.
// Without JavaScript the form submits as usual.
const form = document.querySelector("[data-directory]");
if (form && window.fetch && window.history.pushState) {
  // Replace the counts and the results, keeping open filters and the keyboard focus.
  const swap = (html) => {
    const next = new DOMParser().parseFromString(html, "text/html");
    const open = [...form.querySelectorAll("details[open]")].map((d) => d.dataset.facet);
    const focused = document.activeElement;
    const focus = focused && focused.form === form ? [focused.name, focused.value] : null;
    for (const id of ["facets", "results"]) {
      const fresh = next.getElementById(id);
      if (fresh) document.getElementById(id).replaceWith(fresh);
    }
    for (const facet of open) {
      const details = form.querySelector(`details[data-facet="${facet}"]`);
      if (details) details.open = true;
    }
    if (focus) {
      const again = [...form.elements].find((e) => e.name === focus[0] && e.value === focus[1]);
      if (again && again !== focused) again.focus();
    }
    document.title = next.title;
  };
  const load = async (url, push) => {
    const results = document.getElementById("results");
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
      swap(await response.text());
      if (push) window.history.pushState({ directory: true }, "", url);
      document.dispatchEvent(new CustomEvent("directory:updated", { detail: { url } }));
    } catch {
      window.location.assign(url); // offline or failed: let the browser try the plain way
    } finally {
      document.getElementById("results").removeAttribute("aria-busy");
    }
  };
  const urlOf = () => {
    const query = new URLSearchParams(new FormData(form));
    for (const [key, value] of [...query]) if (value === "") query.delete(key);
    if (query.get("sortierung") === "relevanz") query.delete("sortierung"); // the default
    return `${form.action}${query.size ? "?" + query : ""}`;
  };
  let typing;
  form.addEventListener("change", (event) => {
    if (event.target.name !== "q") load(urlOf(), true);
  });
  form.addEventListener("input", (event) => {
    if (event.target.name !== "q") return;
    clearTimeout(typing);
    typing = setTimeout(() => load(urlOf(), true), 350);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    load(urlOf(), true);
  });
  window.addEventListener("popstate", () => {
    load(window.location.href, false).then(() => {
      const query = new URLSearchParams(window.location.search);
      form.elements.q.value = query.get("q") || "";
    });
  });
}
