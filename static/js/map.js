// The Sozialatlas map. Nothing is fetched from the tile host until the visitor clicks
// "Karte anzeigen"; the consent lasts for the visit (sessionStorage). Leaflet comes from our own
// static files. Without JavaScript the section stays hidden and the list is the whole page.
const section = document.querySelector("[data-map]");
if (section && window.fetch) {
  const config = section.dataset;
  const consent = section.querySelector("[data-map-consent]");
  const opened = section.querySelector("[data-map-open]");
  const canvas = section.querySelector("[data-map-canvas]");
  const note = section.querySelector("[data-map-note]");
  const help = section.querySelector("[data-map-help]");
  const KEY = "sozialinfo-map"; // holds the tile host the visitor agreed to
  let leaflet, map, markers;
  let latest = 0;

  const agreed = () => {
    try {
      return sessionStorage.getItem(KEY) === config.host;
    } catch {
      return false;
    }
  };
  const remember = (yes) => {
    try {
      if (yes) sessionStorage.setItem(KEY, config.host);
      else sessionStorage.removeItem(KEY);
    } catch {
      // Storage blocked: the visitor is simply asked again on the next page.
    }
  };

  const load = (tag, attributes) =>
    new Promise((resolve, reject) => {
      const element = Object.assign(document.createElement(tag), attributes);
      element.addEventListener("load", resolve);
      element.addEventListener("error", reject);
      document.head.append(element);
    });
  const loadLeaflet = () => {
    leaflet ??= Promise.all([
      load("link", { rel: "stylesheet", href: config.leafletCss }),
      load("script", { src: config.leafletJs }),
    ]).then(() => window.L);
    return leaflet;
  };

  const element = (tag, attributes, ...children) => {
    const made = Object.assign(document.createElement(tag), attributes);
    made.append(...children);
    return made;
  };

  // Where to put markers: the GeoJSON of all results, or the places on this entry's page.
  // The GeoJSON's "area" bounds the whole directory, for when no result has coordinates.
  const places = async () => {
    if (!config.source) {
      const found = [...document.querySelectorAll("[data-lat]")].map((place) => ({
        ...place.dataset,
        lat: Number(place.dataset.lat),
        lng: Number(place.dataset.lng),
      }));
      return { found, area: null };
    }
    const response = await fetch(config.source, { headers: { Accept: "application/geo+json" } });
    if (!response.ok) throw new Error(`${response.status}`);
    const { features, area } = await response.json();
    const found = features.map(({ geometry, properties }) => ({
      ...properties,
      lat: geometry.coordinates[1],
      lng: geometry.coordinates[0],
    }));
    return { found, area };
  };

  const nameOf = (place) =>
    place.url ? element("a", { href: place.url }, place.name) : element("strong", {}, place.name);
  const where = (...parts) => parts.filter(Boolean).join(", ");
  // One marker per spot; several entries in one house share it and its popup lists them.
  const popup = (group) => {
    const box = element("div", { className: "map-popup" });
    const [first] = group;
    const same = (key) => group.every((place) => place[key] === first[key]);
    if (group.length === 1) {
      box.append(element("p", {}, nameOf(first)), element("p", {}, where(first.place, first.address)));
    } else if (same("address")) {
      const place = same("place") ? first.place : "";
      const items = group.map((one) =>
        element("li", {}, nameOf(one), place || !one.place ? "" : ` – ${one.place}`),
      );
      box.append(element("p", {}, where(place, first.address)), element("ul", {}, ...items));
    } else {
      const items = group.map((one) =>
        element("li", {}, nameOf(one), `, ${where(one.place, one.address)}`),
      );
      box.append(element("ul", {}, ...items));
    }
    return box;
  };
  const labelOf = (group) =>
    group.length === 1
      ? `${group[0].name}, ${group[0].address}`
      : config.labelMany.replace("{address}", group[0].address).replace("{count}", group.length);

  const refresh = async () => {
    const ticket = ++latest;
    let found, area;
    try {
      ({ found, area } = await places());
    } catch {
      if (ticket === latest) note.textContent = config.labelFailed;
      return;
    }
    if (ticket !== latest) return; // a newer search has answered first
    const L = window.L;
    const groups = new Map();
    for (const place of found) {
      const spot = `${place.lat.toFixed(5)},${place.lng.toFixed(5)}`;
      groups.set(spot, [...(groups.get(spot) || []), place]);
    }
    // The view first: Leaflet draws markers only on a map that has one. Without any place
    // to show, not even in the whole directory, there is no view and no tile is fetched.
    const spots = [...groups.values()].map((group) => [group[0].lat, group[0].lng]);
    const [west, south, east, north] = area || [];
    const view = spots.length
      ? L.latLngBounds(spots)
      : area && L.latLngBounds([south, west], [north, east]);
    canvas.hidden = help.hidden = !view;
    if (view) {
      map.invalidateSize();
      map.fitBounds(view, { padding: [30, 30], maxZoom: spots.length ? 16 : 14 });
    }
    note.textContent = groups.size ? "" : config.labelEmpty;
    markers.clearLayers();
    for (const group of groups.values()) {
      const label = labelOf(group);
      const icon = L.divIcon({
        className: "map-marker",
        html: group.length > 1 ? `<span aria-hidden="true">${group.length}</span>` : "",
        iconSize: [30, 30],
        popupAnchor: [0, -14],
      });
      const marker = L.marker([group[0].lat, group[0].lng], { icon, title: label });
      // Long lists scroll inside the popup; on phones it stays clear of the zoom buttons.
      marker
        .bindPopup(popup(group), {
          maxWidth: Math.min(280, canvas.clientWidth - 130),
          maxHeight: Math.min(220, canvas.clientHeight - 110),
          autoPanPaddingTopLeft: [56, 12],
        })
        .addTo(markers);
      const button = marker.getElement();
      button.setAttribute("aria-label", label);
      // From the keyboard the popup takes the focus; Escape closes it and returns to the marker.
      marker.on("popupopen", ({ popup: opened }) => {
        const element = opened.getElement();
        if (document.activeElement === button) element.querySelector("a")?.focus();
        element.addEventListener("keydown", (event) => {
          if (event.key !== "Escape") return;
          marker.closePopup();
          button.focus();
        });
      });
    }
  };

  const show = async () => {
    const L = await loadLeaflet();
    if (!map) {
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      map = L.map(canvas, {
        zoomControl: false,
        scrollWheelZoom: false,
        fadeAnimation: !still,
        zoomAnimation: !still,
        markerZoomAnimation: !still,
      });
      L.control
        .zoom({ zoomInTitle: config.labelZoomIn, zoomOutTitle: config.labelZoomOut })
        .addTo(map);
      L.tileLayer(config.tiles, {
        attribution: config.attribution,
        maxZoom: 19,
        // Tile servers such as OpenStreetMap's want to know the site (never the page).
        referrerPolicy: "strict-origin",
      }).addTo(map);
      markers = L.featureGroup().addTo(map);
      // The wheel scrolls the page until the visitor works with the map.
      map.on("focus", () => map.scrollWheelZoom.enable());
      map.on("blur", () => map.scrollWheelZoom.disable());
      map.on("popupopen", ({ popup: opened }) => {
        const close = opened.getElement().querySelector(".leaflet-popup-close-button");
        if (close) close.setAttribute("aria-label", config.labelClose);
      });
    }
    map.invalidateSize();
    await refresh();
  };

  const open = async (focus) => {
    consent.hidden = true;
    opened.hidden = false;
    try {
      await show();
    } catch {
      leaflet = undefined; // let the next click try again
      note.textContent = config.labelFailed;
      return;
    }
    if (focus) (canvas.hidden ? section.querySelector("[data-map-hide]") : canvas).focus();
  };
  const close = () => {
    remember(false);
    opened.hidden = true;
    consent.hidden = false;
    section.querySelector("[data-map-show]").focus();
  };

  section.querySelector("[data-map-show]").addEventListener("click", () => {
    remember(true);
    open(true);
  });
  section.querySelector("[data-map-hide]").addEventListener("click", close);
  // static/js/directory.js swaps the results in place; the map follows the new search.
  document.addEventListener("directory:updated", (event) => {
    const query = new URL(event.detail.url, window.location.href).searchParams;
    query.delete("page");
    const search = query.toString();
    config.source = config.source.split("?")[0] + (search ? `?${search}` : "");
    if (map && !opened.hidden) refresh();
  });
  section.hidden = false;
  if (agreed()) open(false);
}
