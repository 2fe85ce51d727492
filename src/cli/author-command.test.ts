import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runTribune as run } from "../../test/support/cli.ts";
import { openDatabase } from "../db/database.ts";

async function stored(dataDir: string, slug: string) {
  const database = await openDatabase(`sqlite:${join(dataDir, "tribune.db")}`);
  try {
    const author = await database.db
      .selectFrom("authors")
      .selectAll()
      .where("slug", "=", slug)
      .executeTakeFirst();
    const bios = await database.db
      .selectFrom("authorBios")
      .select(["edition", "bio"])
      .where("authorId", "=", author?.id ?? -1)
      .execute();
    const user = await database.db
      .selectFrom("users")
      .select("email")
      .where("authorId", "=", author?.id ?? -1)
      .executeTakeFirst();
    return author ? { ...author, bios, userEmail: user?.email ?? null } : undefined;
  } finally {
    await database.close();
  }
}

describe("tribune author add", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "tribune-author-cli-"));
    env = { DATA_DIR: dataDir, PUBLIC_URL: "https://news.example.org" };
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("adds an author with a slug from the name and a default bio, and prints their page", async () => {
    const result = await run(
      ["author", "add", "--name", "Ana Lima Gonçalves", "--bio", "Reporter in Cairo."],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Added author Ana Lima Gonçalves \(#\d+\)\.$/m);
    assert.match(
      result.stdout,
      /^Their page: https:\/\/news\.example\.org\/en\/author\/ana-lima-goncalves$/m,
    );
    const author = await stored(dataDir, "ana-lima-goncalves");
    assert.equal(author?.bio, "Reporter in Cairo.");
  });

  test("stores a bio for one edition and links a newsroom user", async () => {
    const user = await run(
      [
        "user",
        "add",
        "--email",
        "omar@example.org",
        "--role",
        "contributor",
        "--password",
        "a long enough password",
      ],
      env,
    );
    assert.equal(user.code, 0, user.stderr);
    const result = await run(
      [
        "author",
        "add",
        "--name",
        "Omar Haddad",
        "--slug",
        "omar",
        "--bio",
        "Repórter no Cairo.",
        "--edition",
        "pt",
        "--user-email",
        "Omar@Example.org",
      ],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /linked to omar@example\.org\./);
    const author = await stored(dataDir, "omar");
    assert.deepEqual(author?.bios, [{ edition: "pt", bio: "Repórter no Cairo." }]);
    assert.equal(author?.bio, null);
    assert.equal(author?.userEmail, "omar@example.org");
  });

  test("refuses bad input with a clear message and a nonzero exit, adding nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["author", "add"], /--name is required/],
      [["author", "add", "--name", "X", "--edition", "pt"], /give --bio too/],
      [
        ["author", "add", "--name", "Ana Lima Gonçalves"],
        /slug: "ana-lima-goncalves" is already the address of Ana Lima Gonçalves/,
      ],
      [["author", "add", "--name", "Nadia", "--bio", "Hola", "--edition", "xx"], /"xx" is not an edition/],
      [
        ["author", "add", "--name", "Nadia", "--user-email", "nobody@example.org"],
        /there is no newsroom user nobody@example\.org/,
      ],
      [["author", "add", "--name", "Nadia", "--bogus"], /bogus/],
      [["author", "remove"], /unknown subcommand "remove"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args, env);
      assert.notEqual(result.code, 0, args.join(" "));
      assert.match(result.stderr, message, args.join(" "));
    }
    assert.equal(await stored(dataDir, "nadia"), undefined);
  });
});
