// The moderation queue by keyboard: j / k move between comments, a / r / s approve, reject or mark
// the current one as spam, e edits it, x ticks it for a bulk action. The buttons do the same
// without script.
const items = [...document.querySelectorAll(".queue-item")];
let current = -1;

function select(index) {
  if (items.length === 0) return;
  current = Math.max(0, Math.min(items.length - 1, index));
  for (const [i, item] of items.entries()) item.classList.toggle("is-current", i === current);
  items[current].focus();
  items[current].scrollIntoView({ block: "nearest" });
}

function press(selector) {
  const target = items[current]?.querySelector(selector);
  if (target) target.click();
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const actions = {
    j: () => select(current + 1),
    k: () => select(current - 1),
    a: () => press(".action-approve"),
    r: () => press(".action-reject"),
    s: () => press(".action-spam"),
    e: () => press(".action-edit"),
    x: () => press(".queue-select input"),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  if (current === -1 && event.key !== "j" && event.key !== "k") select(0);
  action();
});

// After an action the queue comes back at the comment that followed the one decided.
const wanted = /^#q-(\d+)$/.exec(location.hash);
const start = wanted ? items.findIndex((item) => item.id === `q-${wanted[1]}`) : -1;
if (items.length > 0) select(start === -1 ? 0 : start);
