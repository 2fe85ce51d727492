import assert from "node:assert/strict";
import { test } from "node:test";
import { redactTokens } from "./log-redaction.ts";

const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

test("tokens in paths and query values stay out of the request log; other paths are kept", () => {
  assert.equal(token.length, 43);
  assert.equal(redactTokens(`/newsroom/reset-password/${token}`), "/newsroom/reset-password/…");
  assert.equal(redactTokens(`/newsroom/invite/${token}?x=1`), "/newsroom/invite/…?x=1");
  assert.equal(
    redactTokens(`/en/comments/verify?token=${token}&return=/en`),
    "/en/comments/verify?token=…&return=/en",
  );
  assert.equal(
    redactTokens("/en/2026/11/25/a-long-slug-for-an-article-about-something"),
    "/en/2026/11/25/a-long-slug-for-an-article-about-something",
  );
  assert.equal(redactTokens(`/x/${token}a`), `/x/${token}a`);
});
