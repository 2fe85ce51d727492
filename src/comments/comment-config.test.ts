import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../config.ts";
import { ConfigError } from "../shared/errors.ts";
import { CommentHasher, networkOf } from "./comment-hashing.ts";
import { cleanText } from "./comment-input.ts";
import { commentLanguages, commentMessagesFor } from "./i18n/comment-messages.ts";

test("comment settings default safely and are read per edition", () => {
  const config = loadConfig({ NODE_ENV: "test" }).comments;
  assert.deepEqual(config.defaultPolicies, {
    en: "premoderate-first",
    pt: "premoderate-first",
    es: "premoderate-first",
  });
  assert.equal(config.maxLength, 3000);
  assert.equal(config.maxLinks, 2);
  assert.equal(config.flagThreshold, 3);
  assert.equal(config.closeAfterDays, null);
  const custom = loadConfig({
    NODE_ENV: "test",
    COMMENT_POLICY_PT: "premoderate-all",
    COMMENT_CLOSE_AFTER_DAYS: "14",
  }).comments;
  assert.equal(custom.defaultPolicies.pt, "premoderate-all");
  assert.equal(custom.defaultPolicies.en, "premoderate-first");
  assert.equal(custom.closeAfterDays, 14);
});

test("a bad comment setting stops the start with the variable named", () => {
  for (const [variable, value] of [
    ["COMMENT_POLICY_EN", "sometimes"],
    ["COMMENT_MAX_LENGTH", "12"],
    ["COMMENT_MAX_LINKS", "-1"],
    ["COMMENT_FLAG_THRESHOLD", "0"],
  ] as const) {
    assert.throws(
      () => loadConfig({ NODE_ENV: "test", [variable]: value }),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${variable}:`),
    );
  }
});

test("hashes are keyed, case-blind for e-mails, and take an IPv6 address by its /64", () => {
  const a = new CommentHasher("one secret, long enough");
  const b = new CommentHasher("another secret, long enough");
  assert.equal(a.email("Ana@Example.org "), a.email("ana@example.org"));
  assert.notEqual(a.email("ana@example.org"), b.email("ana@example.org"));
  assert.match(a.ip("192.0.2.1"), /^[0-9a-f]{32}$/);
  assert.equal(networkOf("2001:db8:0:1:aaaa::1"), "2001:db8:0:1::/64");
  assert.equal(networkOf("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(networkOf("::ffff:192.0.2.1"), "192.0.2.1");
  assert.equal(a.fingerprint("Hello,   WORLD!"), a.fingerprint("hello world"));
});

test("cleaning strips direction overrides, zero-width spaces and controls, and keeps joiners and marks", () => {
  assert.equal(cleanText("a\u202Eb\u2066c\u2069\u200Bd\u0000e\u0007"), "abcde");
  assert.equal(cleanText("👩\u200D💻 می\u200Cخواهم \u200Fשלום"), "👩\u200D💻 می\u200Cخواهم \u200Fשלום");
  assert.equal(cleanText("one\r\ntwo\r\n\r\n\r\n\r\nthree  \n"), "one\ntwo\n\nthree");
  assert.equal(cleanText("Z\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308"), "Ź\u0302\u0303\u0304\u0305");
});

test("every language with comment strings has a message for every refusal", () => {
  for (const language of commentLanguages()) {
    const messages = commentMessagesFor(language);
    for (const [code, message] of Object.entries(messages.refusals)) {
      assert.ok(
        message({ field: "text", limit: 3, actual: 4, minutes: 5 }).length > 10,
        `${language} ${code}`,
      );
    }
  }
});
