// Real Varnish and nginx in front of Tribune, started by a test on 127.0.0.1 and stopped after it:
// Varnish with deploy/varnish/default.vcl (Debian's varnish and varnish-modules), nginx as the load
// balancer in front of several instances (Debian's nginx-light).

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./cli.ts";

const VCL = new URL("../../deploy/varnish/default.vcl", import.meta.url);

/** The first executable of `candidates` (an environment variable's path first), if any. */
export function findExecutable(candidates: readonly (string | undefined)[]): string | undefined {
  for (const path of candidates) {
    if (!path) continue;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

export const varnishd = findExecutable([
  process.env.VARNISHD_PATH,
  "/usr/sbin/varnishd",
  "/usr/local/sbin/varnishd",
]);
export const nginx = findExecutable([process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/local/sbin/nginx"]);

export interface ProxyProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `command` and waits until `readyUrl` answers; its work directory goes with `stop`. */
async function startProxy(name: string, command: string, args: string[], url: string, work: string) {
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await rm(work, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      assert.fail(`${name} exited:\n${output}`);
    }
    const ready = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      assert.fail(`${name} did not answer within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}

/** varnishd in the foreground with the project's VCL, its backend rewritten to `backendPort`. */
export async function startVarnish(backendPort: number, port?: number): Promise<ProxyProcess> {
  assert.ok(varnishd, "varnishd is required (apt-get install -y varnish varnish-modules)");
  const listen = port ?? (await freePort());
  const work = await mkdtemp(join(tmpdir(), "tribune-varnish-"));
  const config = (await readFile(VCL, "utf8"))
    .replace(/\.host = "[^"]*";/, '.host = "127.0.0.1";')
    .replace(/\.port = "\d+";/, `.port = "${backendPort}";`);
  await writeFile(join(work, "default.vcl"), config);
  const args = [
    "-F",
    "-n",
    join(work, "state"),
    "-a",
    `127.0.0.1:${listen}`,
    "-f",
    join(work, "default.vcl"),
  ];
  args.push("-s", "malloc,32m", "-j", "none", "-T", "none");
  return startProxy("varnishd", varnishd, args, `http://127.0.0.1:${listen}`, work);
}

/**
 * nginx balancing over `backendPorts` (round robin), retrying a request on the next instance when
 * one refuses or drops the connection (an instance that died), as the README's example does.
 */
export async function startNginx(backendPorts: readonly number[]): Promise<ProxyProcess> {
  assert.ok(nginx, "nginx is required (apt-get install -y nginx-light)");
  const listen = await freePort();
  const work = await mkdtemp(join(tmpdir(), "tribune-nginx-"));
  await mkdir(join(work, "logs"));
  const servers = backendPorts.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`);
  const config = `worker_processes 1;
error_log ${join(work, "logs", "error.log")} warn;
pid ${join(work, "nginx.pid")};
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(work, "body")};
  proxy_temp_path ${join(work, "proxy")};
  fastcgi_temp_path ${join(work, "fastcgi")};
  uwsgi_temp_path ${join(work, "uwsgi")};
  scgi_temp_path ${join(work, "scgi")};
  upstream tribune {
${servers.join("\n")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://tribune;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
    }
  }
}
`;
  await writeFile(join(work, "nginx.conf"), config);
  const args = ["-p", work, "-c", join(work, "nginx.conf"), "-g", "daemon off;"];
  return startProxy("nginx", nginx, args, `http://127.0.0.1:${listen}`, work);
}
