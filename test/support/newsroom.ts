// Newsroom helpers for tests: users of each role, signed in through HTTP like a browser would, with
// their cookie and CSRF token at hand.
//
//   const editor = await signInAs(demo.app, demo.database.db, "editor");
//   const page = await editor.get("/newsroom");
//   const saved = await editor.post("/newsroom/articles/1", { title: "New title" }); // _csrf added
//   const api = await editor.postJson("/newsroom/api/articles", { ... });            // x-csrf-token added

import { randomBytes } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { Role } from "../../src/accounts/authorization/roles.ts";
import { UserService } from "../../src/accounts/user-service.ts";
import type { Db } from "../../src/db/database.ts";

export interface TestUser {
  id: number;
  email: string;
  password: string;
  role: Role;
  editions: string[];
}

/** A password every test user gets unless told otherwise. */
export const TEST_PASSWORD = "correct horse battery staple";

/**
 * Creates a user with a known password (not a one-time one, so no change is forced). Translators
 * get the "pt" edition unless `editions` says otherwise.
 */
export async function createTestUser(
  db: Db,
  role: Role,
  options: { email?: string; password?: string; editions?: string[]; name?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? `${role}-${randomBytes(4).toString("hex")}@example.org`;
  const password = options.password ?? TEST_PASSWORD;
  const editions = options.editions ?? (role === "translator" ? ["pt"] : []);
  const { user } = await new UserService(db).createUser(
    { email, role, password, editions, name: options.name ?? `Test ${role}` },
    { via: "test" },
  );
  return { id: user.id, email: user.email, password, role, editions: user.editions };
}

/** `name=value` pairs of every Set-Cookie of a response. */
export function cookiesFrom(response: LightMyRequestResponse): Record<string, string> {
  const header = response.headers["set-cookie"];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const cookies: Record<string, string> = {};
  for (const line of lines) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return cookies;
}

/** The raw Set-Cookie line for one cookie, to check its attributes. */
export function setCookieLine(response: LightMyRequestResponse, name: string): string | undefined {
  const header = response.headers["set-cookie"];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** The CSRF token a newsroom page carries in <meta name="csrf-token">. */
export function csrfTokenIn(html: string): string {
  const match = /<meta name="csrf-token" content="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("the page has no csrf-token meta tag");
  return match[1];
}

/** An application/x-www-form-urlencoded body; arrays become repeated fields. */
export function formBody(fields: Record<string, string | readonly string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === "string" ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

/** A browser with cookies: what a signed-in (or not yet signed-in) newsroom user holds. */
export class NewsroomClient {
  readonly cookies: Record<string, string> = {};
  csrfToken = "";

  constructor(
    readonly app: FastifyInstance,
    /** Sent as X-Forwarded-For (trustProxy is on), so tests can come from different addresses. */
    readonly ip = "127.0.0.1",
  ) {}

  get cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  /** Any request, with this client's cookies; cookies set by the answer are kept (and cleared ones dropped). */
  async inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      ...options,
      headers: { cookie: this.cookieHeader, "x-forwarded-for": this.ip, ...options.headers },
    });
    for (const [name, value] of Object.entries(cookiesFrom(response))) {
      if (value === "") delete this.cookies[name];
      else this.cookies[name] = value;
    }
    return response;
  }

  /** GET; a newsroom page's CSRF token is remembered. */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.inject({ method: "GET", url, headers });
    if (response.statusCode === 200 && String(response.headers["content-type"]).startsWith("text/html")) {
      const match = /<meta name="csrf-token" content="([^"]+)"/.exec(response.body);
      if (match?.[1]) this.csrfToken = match[1];
    }
    return response;
  }

  /** POSTs a form with this client's CSRF token in `_csrf` (unless `fields` has its own). */
  post(
    url: string,
    fields: Record<string, string | readonly string[]> = {},
    headers: Record<string, string> = {},
  ) {
    return this.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      payload: formBody({ _csrf: this.csrfToken, ...fields }),
    });
  }

  /** Sends JSON with the CSRF token in the x-csrf-token header. */
  sendJson(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body: unknown) {
    return this.inject({
      method,
      url,
      headers: { "content-type": "application/json", "x-csrf-token": this.csrfToken },
      payload: JSON.stringify(body),
    });
  }

  postJson(url: string, body: unknown) {
    return this.sendJson("POST", url, body);
  }

  /**
   * Signs in through the sign-in form; throws unless it worked. Afterwards `csrfToken` is the
   * session's (read from the page signing in leads to).
   */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get("/newsroom/sign-in");
    const response = await this.post("/newsroom/sign-in", { email, password });
    if (response.statusCode !== 303 || !this.cookies.tribune_session) {
      throw new Error(
        `sign-in as ${email} failed with ${response.statusCode}: ${response.body.slice(0, 300)}`,
      );
    }
    const landing = await this.get(String(response.headers.location));
    if (landing.statusCode !== 200)
      throw new Error(`after sign-in, ${response.headers.location} answered ${landing.statusCode}`);
    return response;
  }
}

export interface NewsroomSession extends NewsroomClient {
  user: TestUser;
}

/** Creates a user of `role` and signs them in; the client holds their session and CSRF token. */
export async function signInAs(
  app: FastifyInstance,
  db: Db,
  role: Role,
  options: { email?: string; editions?: string[]; name?: string; ip?: string } = {},
): Promise<NewsroomSession> {
  const user = await createTestUser(db, role, options);
  const client = new NewsroomClient(app, options.ip) as NewsroomSession;
  await client.signIn(user.email, user.password);
  client.user = user;
  return client;
}

/** One signed-in session per role (the translator assigned to "pt"). */
export async function signInEveryRole(app: FastifyInstance, db: Db): Promise<Record<Role, NewsroomSession>> {
  return {
    contributor: await signInAs(app, db, "contributor"),
    translator: await signInAs(app, db, "translator"),
    editor: await signInAs(app, db, "editor"),
    admin: await signInAs(app, db, "admin"),
  };
}

/** A clock for the account services that moves only when told: `clock.advance(ms)`. */
export function movableClock(
  start = "2026-03-02T09:00:00.000Z",
): (() => Date) & { advance(ms: number): void } {
  let now = Date.parse(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
  });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
