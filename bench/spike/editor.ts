// The editor of the spike benchmark: a newsroom editor made with `tribune user add`, a token from
// `tribune token add`, and updates through the admin API (PATCH with If-Match, the real write
// path); after each, a watcher polls the public article on every worker until the new text shows.
import { randomBytes } from "node:crypto";
import { type Agent, request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { runTribune } from "../../test/support/cli.ts";
import { type Answer, httpGet } from "../speed/http.ts";
import { sleep } from "../speed/processes.ts";
import { timeUntilVisible } from "../speed/publish.ts";

const EDITOR_EMAIL = "spike-editor@example.org";

export interface UpdateFigures {
  /** When it was due, from the start of the spike (ms), and how late it left. */
  dueMs: number;
  lateMs: number;
  /** The PATCH, sent to answered. */
  writeMs: number;
  /** From sending the PATCH until the new text is served by each worker (NaN: not within 10 s). */
  visibleMs: number[];
}

interface BodyDocument {
  type: "doc";
  content: unknown[];
}

/** Runs a tribune command with the server's environment; resolves with its stdout. */
async function tribune(args: string[], env: Record<string, string>): Promise<string> {
  const { code, stdout, stderr } = await runTribune(args, env);
  if (code !== 0) throw new Error(`tribune ${args.slice(0, 2).join(" ")} failed:\n${stderr}`);
  return stdout;
}

/** Makes the editor and their access token as an operator would; resolves with the token. */
export async function makeEditorToken(env: Record<string, string>): Promise<string> {
  const password = `spike-${randomBytes(18).toString("base64url")}`;
  await tribune(
    [
      "user",
      "add",
      "--email",
      EDITOR_EMAIL,
      "--role",
      "editor",
      "--password",
      password,
      "--name",
      "Spike editor",
    ],
    env,
  );
  const printed = await tribune(["token", "add", "--email", EDITOR_EMAIL, "--name", "spike benchmark"], env);
  const token = /trb_[A-Za-z0-9_-]+/.exec(printed)?.[0];
  if (!token) throw new Error(`tribune token add printed no token:\n${printed}`);
  return token;
}

/** A JSON request to the admin API; rejects on anything but 2xx, with the problem document. */
function adminRequest(
  port: number,
  token: string,
  method: "GET" | "PATCH",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { "content-type": "application/json" } : {}),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const answer = {
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          };
          if (answer.status >= 300)
            fail(new Error(`${method} ${path} answered ${answer.status}: ${answer.body}`));
          else done(answer);
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", fail);
    req.end(payload);
  });
}

/** A page's text as a reader's browser would read it, whatever the coding it came in. */
function decoded(answer: Answer): string {
  const coding = answer.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(answer.body).toString();
  if (coding === "gzip") return gunzipSync(answer.body).toString();
  return answer.body.toString();
}

export interface EditorOptions {
  port: number;
  token: string;
  articleId: number;
  /** The article's public address, polled on every worker. */
  articlePath: string;
  /**
   * A kept-alive connection to each worker (connectionsToWorkers), made before the load: under a
   * spike, finding every worker by chance takes too long. Closed when the editing is over.
   */
  workers: Map<number, Agent>;
  readerHeaders: Record<string, string>;
  everyMs: number;
}

/**
 * Updates the article every `everyMs` until `untilMs` (performance.now()): its body as it was plus
 * a paragraph saying which update this is. Each update waits for the one before (an editor saves,
 * then edits again), so a slow one delays the next, which then counts as late; none starts once
 * the spike is over.
 */
export async function editDuringSpike(options: EditorOptions, untilMs: number): Promise<UpdateFigures[]> {
  const apiPath = `/api/v1/articles/${options.articleId}`;
  const read = await adminRequest(
    options.port,
    options.token,
    "GET",
    `/api/v1/admin/articles/${options.articleId}`,
  );
  const article = JSON.parse(read.body.toString()) as { body: BodyDocument; version: number };
  let version = article.version;
  const probes = [...options.workers.values()].map(
    (agent: Agent) => async () =>
      decoded(await httpGet(options.port, options.articlePath, { agent, headers: options.readerHeaders })),
  );
  const updates: UpdateFigures[] = [];
  const started = performance.now();
  try {
    for (let n = 1; ; n++) {
      const dueMs = (n - 1) * options.everyMs;
      const wait = started + dueMs - performance.now();
      if (started + dueMs >= untilMs || performance.now() >= untilMs) break;
      if (wait > 0) await sleep(wait);
      const lateMs = Math.max(0, performance.now() - started - dueMs);
      const text = `Live update ${n} of the spike benchmark, ${randomBytes(6).toString("hex")}.`;
      const body: BodyDocument = {
        type: "doc",
        content: [...article.body.content, { type: "paragraph", content: [{ type: "text", text }] }],
      };
      let writeMs = Number.NaN;
      const visibleMs = await timeUntilVisible(
        async () => {
          const sent = performance.now();
          const saved = await adminRequest(
            options.port,
            options.token,
            "PATCH",
            apiPath,
            { body },
            {
              "if-match": `"${version}"`,
            },
          );
          writeMs = performance.now() - sent;
          version = (JSON.parse(saved.body.toString()) as { version: number }).version;
        },
        probes,
        text,
      );
      updates.push({ dueMs, lateMs, writeMs, visibleMs });
    }
  } finally {
    for (const agent of options.workers.values()) agent.destroy();
  }
  return updates;
}
