// A browser's worth of HTTP for tests against a real server (not app.inject): cookies kept between
// requests, the newsroom's CSRF token read from its pages, forms, JSON and multipart uploads.
//
//   const editor = new HttpClient("http://127.0.0.1:4000");
//   await editor.signIn(user.email, user.password);
//   const created = await editor.sendJson("POST", "/newsroom/api/articles", { edition: "en", title: "…" });

import { csrfTokenIn, formBody } from "./newsroom.ts";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export class HttpClient {
  readonly cookies = new Map<string, string>();
  csrfToken = "";

  constructor(
    readonly origin: string,
    /** Headers sent with every request (an X-Forwarded-For, say). */
    readonly headers: Record<string, string> = {},
    /** A request that takes longer fails (the server may have been killed under it). */
    readonly timeoutMs = 20_000,
  ) {}

  /** Any request, with this client's cookies; cookies set by the answer are kept. Redirects are not followed. */
  async request(
    method: string,
    path: string,
    options: { body?: string | FormData; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(new URL(path, this.origin), {
      method,
      redirect: "manual",
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await response.text();
    if (response.status === 200 && response.headers.get("content-type")?.startsWith("text/html")) {
      const match = /<meta name="csrf-token" content="([^"]+)"/.exec(body);
      if (match?.[1]) this.csrfToken = match[1];
    }
    return { status: response.status, headers: response.headers, body };
  }

  get(path: string): Promise<HttpAnswer> {
    return this.request("GET", path);
  }

  /** POSTs a form; newsroom forms get this client's CSRF token in `_csrf` unless `fields` has one. */
  postForm(path: string, fields: Record<string, string>): Promise<HttpAnswer> {
    const withToken = path.startsWith("/newsroom") ? { _csrf: this.csrfToken, ...fields } : fields;
    return this.request("POST", path, {
      body: formBody(withToken),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  /** Sends JSON with the CSRF token in the x-csrf-token header. */
  sendJson(method: "POST" | "PUT", path: string, body: unknown): Promise<HttpAnswer> {
    return this.request(method, path, {
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", "x-csrf-token": this.csrfToken },
    });
  }

  /** A multipart upload (fields first, as the newsroom's forms send them), with the CSRF header. */
  upload(path: string, form: FormData): Promise<HttpAnswer> {
    return this.request("POST", path, { body: form, headers: { "x-csrf-token": this.csrfToken } });
  }

  /** Signs in through the newsroom's form; throws unless it worked. Keeps the session's CSRF token. */
  async signIn(email: string, password: string): Promise<void> {
    const form = await this.get("/newsroom/sign-in");
    this.csrfToken = csrfTokenIn(form.body);
    const answer = await this.postForm("/newsroom/sign-in", { email, password });
    const location = answer.headers.get("location");
    if (answer.status !== 303 || !location || !this.cookies.has("tribune_session")) {
      throw new Error(`sign-in as ${email} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    }
    const landing = await this.get(location);
    if (landing.status !== 200) throw new Error(`after sign-in, ${location} answered ${landing.status}`);
  }
}
