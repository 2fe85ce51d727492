import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ValidationError } from "../shared/errors.ts";
import {
  assertAcceptablePassword,
  generateOneTimePassword,
  hashPassword,
  verifyAgainstDecoy,
  verifyPassword,
} from "./password.ts";

describe("passwords", () => {
  test("are hashed with argon2id, salted, and verified", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.notEqual(first, second, "each hash has its own salt");
    assert.equal(await verifyPassword(first, "correct horse battery staple"), true);
    assert.equal(await verifyPassword(first, "correct horse battery stapler"), false);
    assert.equal(await verifyPassword("not a hash", "anything"), false);
    assert.equal(await verifyAgainstDecoy("anything"), false);
  });

  test("must be 12 characters or more, and not the email address", () => {
    const refuses = (password: unknown, pattern: RegExp) =>
      assert.throws(
        () => assertAcceptablePassword(password, "ana@example.org"),
        (error: unknown) => error instanceof ValidationError && pattern.test(error.message),
      );
    refuses("short one", /at least 12 characters/);
    refuses("", /is required/);
    refuses(undefined, /is required/);
    refuses("ANA@example.org", /must not be your email address/);
    refuses("x".repeat(257), /at most 256/);
    assert.equal(assertAcceptablePassword("twelve chars", "ana@example.org"), "twelve chars");
    // Characters, not bytes or UTF-16 units, are what is counted.
    refuses("ação-çãõ-áé", /at least 12/);
  });

  test("one-time passwords are long, random and easy to type", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const password = generateOneTimePassword();
      assert.match(password, /^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
    assert.doesNotThrow(() => assertAcceptablePassword(generateOneTimePassword(), "ana@example.org"));
  });
});
