import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../config.ts";
import { ConfigError } from "../shared/errors.ts";
import { configuredMailer } from "./mailer.ts";

test("without SMTP_URL the site sends no e-mail; the From defaults to the site's host", () => {
  const mail = loadConfig({ NODE_ENV: "test", PUBLIC_URL: "https://news.example.org" }).mail;
  assert.deepEqual(mail, { smtpUrl: null, from: "no-reply@news.example.org" });
  assert.equal(configuredMailer(mail), null);
  const set = loadConfig({
    NODE_ENV: "test",
    SMTP_URL: "smtp://user:pass@mail.example.org:587",
    SMTP_FROM: "Tribune <news@example.org>",
  }).mail;
  assert.deepEqual(set, {
    smtpUrl: "smtp://user:pass@mail.example.org:587",
    from: "Tribune <news@example.org>",
  });
  assert.ok(configuredMailer(set));
});

test("a bad SMTP setting stops the start with the variable named, and no password in the message", () => {
  for (const [variable, value] of [
    ["SMTP_URL", "http://user:secret@mail.example.org"],
    ["SMTP_FROM", "not an address"],
  ] as const) {
    assert.throws(
      () => loadConfig({ NODE_ENV: "test", [variable]: value }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.startsWith(`${variable}:`) &&
        !error.message.includes("secret"),
    );
  }
});
