// Self-test of the browser harness: a tiny local page, a click, a text change, a screenshot.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { browserTest, saveScreenshot, withPage } from "./browser.ts";

const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness check</title></head>
<body>
  <h1>Tribune harness</h1>
  <p id="status">Waiting</p>
  <button id="go" type="button">Publish</button>
  <script>
    document.getElementById("go").addEventListener("click", () => {
      document.getElementById("status").textContent = "Published";
    });
  </script>
</body>
</html>`;

async function startServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

browserTest(
  "harness: opens a local page, clicks, sees the change, saves a screenshot",
  async () => {
    const { server, url } = await startServer();
    try {
      await withPage(async (page) => {
        await page.goto(url, { timeout: 5_000 });
        assert.equal(await page.title(), "Harness check");
        assert.equal(await page.textContent("#status"), "Waiting");

        await page.click("#go", { timeout: 3_000 });
        await page.locator("#status", { hasText: "Published" }).waitFor({ timeout: 3_000 });
        assert.equal(await page.textContent("#status"), "Published");

        const file = await saveScreenshot(page, "harness-self-test");
        assert.match(file, /test-artifacts\/screenshots\/harness-self-test\.png$/);
        const png = readFileSync(file);
        assert.ok(png.length > 1000, `screenshot is only ${png.length} bytes`);
        assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
  { timeout: 30_000 },
);
