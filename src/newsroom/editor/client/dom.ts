// Small DOM helpers for the editor's client code: no framework, just elements.

type Attribute = string | number | boolean | null | undefined;
type Child = Node | string | null | undefined | false;

/**
 * An element with attributes (`class`, `aria-*`, `data-*`…; false, null and undefined are left out,
 * true is an empty attribute) and children (strings become text, never HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, Attribute> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** The first element matching `selector` inside `root`, or an error naming what is missing. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T & Element>(selector);
  if (!element) throw new Error(`the editor form has no ${selector}`);
  return element;
}

/** Calls `fn` once `ms` have passed without another call. */
export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
): ((...args: A) => void) & {
  cancel(): void;
} {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  return Object.assign(debounced, {
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  });
}

/** "14:05", in the browser's time zone. */
export function clockTime(iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
}
