// The editor's calls to the newsroom's JSON API: same-origin fetch with the session cookie and the
// page's CSRF token in the x-csrf-token header; errors come back as ApiError with the server's message.

import type { ApiErrorBody } from "../editor-types.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }

  get code(): string {
    return this.body.error;
  }

  get field(): string | undefined {
    return typeof this.body.field === "string" ? this.body.field : undefined;
  }
}

/** Thrown when the server could not be reached at all. */
export class OfflineError extends Error {
  constructor() {
    super("The newsroom could not be reached; check the connection.");
  }
}

function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
}

/** GET, POST, PUT… `path` (absolute, under /newsroom); JSON in, JSON out. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  if (method !== "GET") headers["x-csrf-token"] = csrfToken();
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new OfflineError();
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error =
      json && typeof json === "object" && "message" in json
        ? (json as ApiErrorBody)
        : { error: `HTTP_${response.status}`, message: `The newsroom answered ${response.status}.` };
    throw new ApiError(response.status, error);
  }
  return json as T;
}

/** A query string from the defined values. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== "") params.set(name, String(value));
  }
  return params.toString();
}
