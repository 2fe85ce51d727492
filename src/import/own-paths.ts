import type { FastifyInstance } from "fastify";

/**
 * The site's own paths, learned from its routes as they are registered: what no old WordPress link
 * can be, so the old-link lookup never queries for it. A route with a parameter owns what lies below
 * its static part (`/pt/tag/:slug` owns `/pt/tag/…`), a static route its path and below
 * (`/newsroom` owns `/newsroom/…`); an edition's root (`/`, `/pt/`) is never owned, since old
 * permalinks live there (`/pt/2026/01/15/slug/`).
 */
export class OwnPaths {
  readonly #prefixes = new Set<string>();
  readonly #editionRoots: ReadonlySet<string>;

  constructor(editionPrefixes: readonly string[]) {
    this.#editionRoots = new Set(["/", ...editionPrefixes.map((prefix) => `${prefix}/`)]);
  }

  /** Learns the routes `app` registers from now on: call it before any route is added. */
  follow(app: FastifyInstance): this {
    app.addHook("onRoute", (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes("GET")) this.learn(route.url ?? route.path);
    });
    return this;
  }

  learn(url: string): void {
    const cut = url.search(/[:*(]/);
    const root =
      cut === -1 ? (url.endsWith("/") ? url : `${url}/`) : url.slice(0, url.lastIndexOf("/", cut) + 1);
    if (root && !this.#editionRoots.has(root)) this.#prefixes.add(root);
  }

  /** Whether `path` is the site's own (under one of its routes' static parts). */
  owns(path: string): boolean {
    for (let end = path.indexOf("/", 1); end !== -1; end = path.indexOf("/", end + 1)) {
      if (this.#prefixes.has(path.slice(0, end + 1))) return true;
    }
    return false;
  }
}
