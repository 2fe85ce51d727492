import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  freePort,
  runTribune as run,
  startTribune as start,
  stopTribune as stop,
} from "../../test/support/cli.ts";
import { verifyPassword } from "../accounts/password.ts";
import { SessionService } from "../accounts/session-service.ts";
import { openDatabase } from "../db/database.ts";

async function storedUser(dataDir: string, email: string) {
  const database = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
  try {
    const user = await database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirst();
    const editions = await database.db
      .selectFrom("userEditions")
      .select("edition")
      .where("userId", "=", user?.id ?? -1)
      .orderBy("edition")
      .execute();
    return user ? { ...user, editions: editions.map((e) => e.edition) } : undefined;
  } finally {
    await database.close();
  }
}

describe("tribune user add", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-user-cli-"));
    env = { DATA_DIR: dataDir, PUBLIC_URL: "https://news.example.org" };
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("adds an admin with a one-time password, printed once and to be changed at first sign-in", async () => {
    const result = await run(
      ["user", "add", "--email", "Chief@Example.org", "--role", "admin", "--name", "Chief Editor"],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Added admin chief@example\.org \(Chief Editor\)\.$/m);
    const password = /^One-time password: (\S+)$/m.exec(result.stdout)?.[1] ?? "";
    assert.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    assert.match(
      result.stdout,
      /must be changed at first sign-in: https:\/\/news\.example\.org\/newsroom\/sign-in/,
    );
    const user = await storedUser(dataDir, "chief@example.org");
    assert.equal(user?.role, "admin");
    assert.equal(user?.mustChangePassword, 1);
    assert.match(user?.passwordHash ?? "", /^\$argon2id\$/);
    assert.ok(await verifyPassword(user?.passwordHash ?? "", password));
  });

  test("takes a password, and a translator's editions", async () => {
    const result = await run(
      [
        "user",
        "add",
        "--email",
        "tania@example.org",
        "--role",
        "translator",
        "--editions",
        "pt,es",
        "--password",
        "a long enough password",
      ],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Added translator tania@example\.org \(tania\) for es, pt\./);
    assert.doesNotMatch(result.stdout, /One-time password/);
    const user = await storedUser(dataDir, "tania@example.org");
    assert.equal(user?.mustChangePassword, 0);
    assert.deepEqual(user?.editions, ["es", "pt"]);
  });

  test("says plainly what is wrong with a role, an email, a duplicate or a password", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["--email", "x@example.org", "--role", "owner"],
        /^tribune: role: "owner" is not a role; the roles are contributor, translator, editor, admin$/,
      ],
      [
        ["--email", "not an email", "--role", "editor"],
        /^tribune: email: "not an email" is not an email address such as ana@example\.org$/,
      ],
      [
        ["--email", "CHIEF@example.org", "--role", "editor"],
        /^tribune: A user with the email chief@example\.org already exists\.$/,
      ],
      [
        ["--email", "y@example.org", "--role", "editor", "--password", "short"],
        /^tribune: password: must be at least 12 characters long/,
      ],
      [
        ["--email", "z@example.org", "--role", "translator"],
        /^tribune: editions: a translator needs at least one edition/,
      ],
      [
        ["--email", "z@example.org", "--role", "translator", "--editions", "pt,fr"],
        /^tribune: editions: "fr" is not an edition; use one of en, pt, es$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await run(["user", "add", ...args], env);
      assert.equal(result.code, 1, args.join(" "));
      assert.match(result.stderr.trim(), message);
    }
    const missing = await run(["user", "add", "--role", "editor"], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email and --role are required[\s\S]*Usage: tribune user add/);
    const unknown = await run(["user", "remove"], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown subcommand "remove"/);
  });

  test("the demo prints a ready admin sign-in", async () => {
    const port = await freePort();
    const demoEnv = { DATA_DIR: join(dataDir, "demo"), PORT: String(port), LOG_LEVEL: "warn" };
    const first = await startUntilServing(["demo"], demoEnv);
    try {
      const line =
        /^Newsroom: http:\/\/127\.0\.0\.1:\d+\/newsroom — admin@example\.org \/ (\S+) \(change it at first sign-in\)$/m.exec(
          first.output,
        );
      assert.ok(line, first.output);
      const page = await fetch(`http://127.0.0.1:${port}/newsroom/sign-in`);
      assert.equal(page.status, 200);
    } finally {
      await stop(first.child);
    }
    const second = await startUntilServing(["demo"], demoEnv);
    await stop(second.child);
    assert.doesNotMatch(second.output, /Newsroom: .*admin@example\.org/, "only when there is no user yet");
  });
});

describe("tribune user reset-password", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-reset-cli-"));
    env = { DATA_DIR: dataDir, PUBLIC_URL: "https://news.example.org" };
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("prints a one-time password for a lost admin, ends their sessions, and asks for a change at sign-in", async () => {
    const added = await run(
      [
        "user",
        "add",
        "--email",
        "only.admin@example.org",
        "--role",
        "admin",
        "--password",
        "forgotten long password",
      ],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    const database = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
    try {
      const user = await storedUser(dataDir, "only.admin@example.org");
      await new SessionService(database.db).createSession(user?.id ?? -1);
    } finally {
      await database.close();
    }

    const result = await run(["user", "reset-password", "--email", "Only.Admin@example.org"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Reset the password of only\.admin@example\.org; every session of the account has ended\.$/m,
    );
    const password = /^One-time password: (\S+)$/m.exec(result.stdout)?.[1] ?? "";
    assert.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    assert.match(
      result.stdout,
      /changed at the next sign-in: https:\/\/news\.example\.org\/newsroom\/sign-in/,
    );
    const user = await storedUser(dataDir, "only.admin@example.org");
    assert.equal(user?.mustChangePassword, 1);
    assert.ok(await verifyPassword(user?.passwordHash ?? "", password));
    assert.ok(!(await verifyPassword(user?.passwordHash ?? "", "forgotten long password")));
    const check = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
    try {
      assert.equal(await new SessionService(check.db).countSessions(user?.id ?? -1), 0);
    } finally {
      await check.close();
    }
  });

  test("says plainly when no user has the address, or the address is missing", async () => {
    const unknown = await run(["user", "reset-password", "--email", "nobody@example.org"], env);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr.trim(),
      /^tribune user reset-password: no newsroom user has the email nobody@example\.org$/,
    );
    const missing = await run(["user", "reset-password"], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email is required[\s\S]*tribune user reset-password --email E/);
  });
});

/** The newsroom line comes last, after the editions. */
function startUntilServing(args: string[], env: Record<string, string>) {
  return start(args, env, { ready: /Tribune is serving[\s\S]*\n {2}es: .*\n/, settleMs: 200 });
}
