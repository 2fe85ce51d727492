// Live updates, followed. The page holds every update up to when it was rendered; this script opens
// the article's event stream after the last of them and inserts new updates (pinned on top, then
// newest first), replaces edited ones and removes deleted ones. The browser's EventSource reconnects
// by itself and sends Last-Event-ID, so nothing is missed. Everything inserted is the server's own
// escaped HTML.
(() => {
  const section = document.querySelector("section.live[data-live-stream]");
  if (!section || typeof EventSource !== "function") return;
  const list = section.querySelector("ol.live-updates");
  const empty = section.querySelector(".live-empty");
  const url = `${section.dataset.liveStream}?after=${encodeURIComponent(section.dataset.after || "0")}`;
  const source = new EventSource(url);

  function element(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  // Pinned updates first, then newest first: the order the server renders.
  function place(item) {
    const pinned = item.dataset.pinned === "1";
    const created = item.dataset.created || "";
    for (const other of list.children) {
      const otherPinned = other.dataset.pinned === "1";
      if (pinned && !otherPinned) return other.before(item);
      if (pinned === otherPinned && created >= (other.dataset.created || "")) return other.before(item);
    }
    list.append(item);
  }

  source.addEventListener("update", (event) => {
    const data = JSON.parse(event.data);
    const item = element(data.html);
    if (!item) return;
    document.getElementById(`update-${data.id}`)?.remove();
    place(item);
    if (empty) empty.hidden = true;
  });
  source.addEventListener("delete", (event) => {
    const data = JSON.parse(event.data);
    document.getElementById(`update-${data.id}`)?.remove();
  });
})();
