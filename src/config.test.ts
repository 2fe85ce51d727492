import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { loadConfig, persistentSecret } from "./config.ts";
import { ConfigError } from "./shared/errors.ts";

describe("configuration", () => {
  test("starts with safe defaults when no variable is set", () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, `sqlite:${resolve("data/tribune.db")}`);
    assert.equal(config.mediaDir, resolve("data/media"));
    assert.equal(config.publicUrl, "http://127.0.0.1:3000");
    assert.deepEqual(
      config.editions.map((e) => [e.code, e.locale, e.timeZone, e.prefix, e.host]),
      [
        ["en", "en-GB", "Europe/London", "/en", null],
        ["pt", "pt-BR", "America/Sao_Paulo", "/pt", null],
        ["es", "es-ES", "Europe/Madrid", "/es", null],
      ],
    );
    assert.equal(config.defaultEdition.code, "en");
    assert.equal(config.trustProxy, "none", "no proxy may name the client's address unless configured");
  });

  test("production with nothing set starts the same way", () => {
    assert.equal(loadConfig({ NODE_ENV: "production" }).env, "production");
  });

  test("selects PostgreSQL from a postgres:// DATABASE_URL", () => {
    const url = "postgres://tribune@db.internal:5432/news";
    assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
  });

  test("an edition can live on its own host", () => {
    const config = loadConfig({ EDITION_PT_HOST: "PT.Example.org" });
    const pt = config.editions.find((e) => e.code === "pt");
    assert.deepEqual([pt?.host, pt?.prefix], ["pt.example.org", ""]);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ["PORT", { PORT: "eighty" }, /^PORT: "eighty" is not a whole number from 0 to 65535$/],
    ["PORT", { PORT: "70000" }, /^PORT: /],
    [
      "DATABASE_URL",
      { DATABASE_URL: "mysql://x" },
      /^DATABASE_URL: "mysql:\/\/x" is not supported; use sqlite:/,
    ],
    ["PUBLIC_URL", { PUBLIC_URL: "news.example.org" }, /^PUBLIC_URL: .* is not an absolute URL/],
    ["PUBLIC_URL", { PUBLIC_URL: "ftp://news.example.org" }, /^PUBLIC_URL: .* must start with http/],
    ["PUBLIC_URL", { PUBLIC_URL: "https://example.org/news" }, /^PUBLIC_URL: .* origin only/],
    [
      "NODE_ENV",
      { NODE_ENV: "staging" },
      /^NODE_ENV: "staging" is not one of development, production, test$/,
    ],
    ["EDITIONS", { EDITIONS: "en,EN" }, /^EDITIONS: "EN" is not a language code/],
    ["EDITIONS", { EDITIONS: "en,en" }, /^EDITIONS: "en" is listed twice$/],
    [
      "EDITIONS",
      { EDITIONS: "en,fr" },
      /^EDITIONS: "fr" has no interface translation yet; languages with one: en, pt, es$/,
    ],
    ["EDITIONS", { EDITIONS: " , " }, /^EDITIONS: list at least one/],
    [
      "DEFAULT_EDITION",
      { DEFAULT_EDITION: "de" },
      /^DEFAULT_EDITION: "de" is not one of EDITIONS \(en, pt, es\)$/,
    ],
    [
      "EDITION_PT_LOCALE",
      { EDITION_PT_LOCALE: "not a locale!" },
      /^EDITION_PT_LOCALE: .* is not a BCP 47 locale/,
    ],
    [
      "EDITION_ES_TIME_ZONE",
      { EDITION_ES_TIME_ZONE: "Mars/Olympus" },
      /^EDITION_ES_TIME_ZONE: "Mars\/Olympus" is not an IANA time zone/,
    ],
    ["EDITION_PT_HOST", { EDITION_PT_HOST: "pt example" }, /^EDITION_PT_HOST: /],
    [
      "EDITION_PT_PREFIX",
      { EDITION_PT_PREFIX: "pt" },
      /^EDITION_PT_PREFIX: "pt" must be empty or a path such as \/pt$/,
    ],
    ["EDITION_*_PREFIX", { EDITION_PT_PREFIX: "/en" }, /^EDITION_\*_PREFIX: "\/en" is given to two editions/],
    [
      "EDITION_*_HOST",
      { EDITION_PT_HOST: "a.org", EDITION_ES_HOST: "a.org" },
      /^EDITION_\*_HOST: "a.org" is given to two editions$/,
    ],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /^LOG_LEVEL: /],
  ];
  for (const [variable, env, message] of refusals) {
    test(`refuses a bad ${variable} with one line naming it (${JSON.stringify(env)})`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) =>
          error instanceof ConfigError && message.test(error.message) && !error.message.includes("\n"),
      );
    });
  }

  test("generates a secret once and keeps it in the data directory", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tribune-secret-"));
    try {
      const first = persistentSecret({ dataDir }, "session");
      assert.match(first, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(persistentSecret({ dataDir }, "session"), first);
      assert.ok(existsSync(join(dataDir, "session.secret")));
      assert.equal(readFileSync(join(dataDir, "session.secret"), "utf8").trim(), first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("drains for 25 s and serves no metrics unless told; bad values name the variable", () => {
    assert.deepEqual(loadConfig({}).operations, { shutdownTimeoutMs: 25_000, metricsPort: null });
    assert.deepEqual(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: "5", METRICS_PORT: "9464" }).operations, {
      shutdownTimeoutMs: 5_000,
      metricsPort: 9464,
    });
    assert.throws(
      () => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: "0" }),
      /SHUTDOWN_TIMEOUT_SECONDS: "0" is not a whole number from 1/,
    );
    assert.throws(
      () => loadConfig({ METRICS_PORT: "metrics" }),
      /METRICS_PORT: "metrics" is not a whole number/,
    );
  });
});
