import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { testDatabases } from "../../test/support/databases.ts";
import { setCookieLine } from "../../test/support/newsroom.ts";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";

/** The newsroom's sign-in page asked over what a proxy says is HTTPS, under a TRUST_PROXY setting. */
async function csrfCookieBehindProxy(trustProxy: string | undefined) {
  const [sqlite] = testDatabases();
  assert.ok(sqlite);
  const dataDir = await mkdtemp(join(tmpdir(), "tribune-proxy-"));
  const database = await sqlite.open();
  const env: Record<string, string> = { NODE_ENV: "test", DATA_DIR: dataDir, PAGE_CACHE_MB: "0" };
  if (trustProxy) env.TRUST_PROXY = trustProxy;
  const app = await buildApp({ config: loadConfig(env), database });
  try {
    const response = await app.inject({
      url: "/newsroom/sign-in",
      headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" },
    });
    return setCookieLine(response, "tribune_csrf") ?? "";
  } finally {
    await app.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe("TRUST_PROXY", () => {
  test("by default no client may say through X-Forwarded-* that it came over HTTPS or from elsewhere", async () => {
    assert.doesNotMatch(await csrfCookieBehindProxy(undefined), /Secure/i);
  });

  test("a proxy on the loopback is believed once TRUST_PROXY=loopback says so", async () => {
    assert.match(await csrfCookieBehindProxy("loopback"), /Secure/i);
  });
});
