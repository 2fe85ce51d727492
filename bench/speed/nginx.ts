// nginx as the yardstick: the very bytes Tribune sent, written to a docroot (with the gzip bytes
// beside them for gzip_static), served from disk by Debian's nginx on 127.0.0.1.
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { httpGet, waitFor200 } from "./http.ts";
import { type Started, startTracked } from "./processes.ts";

/** The path nginx serves a Tribune URL under: the same path, or a fixed name for one with a query. */
export function nginxPath(url: string): string {
  if (!url.includes("?")) return url;
  return `/q/${createHash("sha1").update(url).digest("hex").slice(0, 16)}`;
}

/** Writes a page (and its gzip coding, when given) where nginx finds it for `url`. */
export function writePage(docroot: string, url: string, body: Buffer, gzipped?: Buffer): void {
  const path = nginxPath(url);
  const file = join(docroot, path.endsWith("/") ? `${path}index.html` : path);
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, body, { mode: 0o644 });
  if (gzipped) writeFileSync(`${file}.gz`, gzipped, { mode: 0o644 });
}

/** Fetches a page from Tribune as a reader would (plain, and gzip for gzip_static) into the docroot. */
export async function copyToDocroot(port: number, url: string, docroot: string, gzip = true): Promise<void> {
  const plain = await httpGet(port, url);
  if (plain.status !== 200) throw new Error(`GET ${url} answered ${plain.status}`);
  let gzipped: Buffer | undefined;
  if (gzip) {
    const answer = await httpGet(port, url, { headers: { "accept-encoding": "gzip" } });
    if (answer.status !== 200 || answer.headers["content-encoding"] !== "gzip") {
      throw new Error(`GET ${url} with Accept-Encoding: gzip answered ${answer.status}, not gzipped`);
    }
    gzipped = answer.body;
  }
  writePage(docroot, url, plain.body, gzipped);
}

export interface Nginx {
  port: number;
  process: Started;
}

/** Starts nginx in the foreground with a generated configuration; stop it with stopProcess. */
export async function startNginx(
  nginx: string,
  docroot: string,
  workDir: string,
  port: number,
): Promise<Nginx> {
  // Workers may run as another user when started as root: they must be able to read the docroot.
  chmodSync(workDir, 0o755);
  chmodSync(docroot, 0o755);
  const temp = join(workDir, "nginx-temp");
  mkdirSync(temp, { recursive: true });
  const conf = join(workDir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes auto;
pid ${join(workDir, "nginx.pid")};
error_log ${join(workDir, "nginx-error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  default_type "text/html; charset=utf-8";
  gzip_static on;
  gzip_vary on;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${docroot};
    location / { try_files $uri $uri/index.html =404; }
  }
}
`,
  );
  const started = startTracked(nginx, ["-p", workDir, "-c", conf, "-e", join(workDir, "nginx-error.log")]);
  try {
    await waitFor200(port, "/healthz.txt", 10_000);
  } catch (error) {
    throw new Error(`nginx did not start: ${(error as Error).message}\n${started.output()}`);
  }
  return { port, process: started };
}
