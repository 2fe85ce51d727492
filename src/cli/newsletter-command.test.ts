import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runTribune } from "../../test/support/cli.ts";
import { postgresTestUrl } from "../../test/support/databases.ts";
import { type Mailbox, startMailbox } from "../../test/support/mailbox.ts";
import { createServerDatabase, type ServerDatabase } from "../../test/support/server-database.ts";
import { headersOf, publishStories } from "../newsletters/newsletter-test-support.ts";

const BIN = new URL("../../bin/tribune.js", import.meta.url).pathname;
const SUBSCRIBERS = 8;
/** The sender is killed when the server has this many messages and the next one arrives. */
const KILL_AFTER = 3;

const kinds: ("sqlite" | "postgres")[] = postgresTestUrl() ? ["sqlite", "postgres"] : ["sqlite"];

for (const kind of kinds) {
  describe(`tribune newsletter send (${kind})`, () => {
    let dataDir: string;
    let database: ServerDatabase;
    let env: Record<string, string>;
    let mailbox: Mailbox;
    let holding = true;
    let killSender: () => void = () => {};

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "tribune-newsletter-"));
      database = await createServerDatabase(kind, dataDir, postgresTestUrl());
      const handle = await database.open();
      try {
        const at = new Date().toISOString();
        await handle.db
          .insertInto("newsletterSubscribers")
          .values(
            Array.from({ length: SUBSCRIBERS }, (_, n) => ({
              edition: "en",
              email: `reader${n + 1}@example.org`,
              status: "confirmed" as const,
              createdAt: at,
              confirmSentAt: at,
              confirmedAt: at,
              unsubscribedAt: null,
              stoppedAt: null,
              stopReason: null,
              updatedAt: at,
            })),
          )
          .execute();
        await publishStories(handle.db, "en", ["Night ferry resumes", "Market hall restored"]);
      } finally {
        await handle.close();
      }
      // A slow server: the message after the KILL_AFTER-th is never answered; the sender dies waiting.
      mailbox = await startMailbox({
        beforeAccept: async (_message, accepted) => {
          if (holding && accepted === KILL_AFTER) {
            killSender();
            return false;
          }
          return true;
        },
      });
      env = {
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        SMTP_URL: mailbox.url,
        SMTP_FROM: "Tribune <news@tribune.test>",
        PUBLIC_URL: "http://tribune.test",
        SCHEDULE_LEASE_SECONDS: "2",
      };
    });
    after(async () => {
      await mailbox.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test("an unknown edition is a clear error", async () => {
      const result = await runTribune(["newsletter", "send", "--edition", "xx"], env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /xx/);
      assert.match(result.stderr, /en, pt, es|en/);
    });

    test("killed half way (SIGKILL) and run again: every address gets the digest exactly once", async () => {
      const child = spawn(process.execPath, [BIN, "newsletter", "send", "--edition", "en"], {
        env: { PATH: process.env.PATH ?? "", ...env },
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, signal) => resolve(signal)),
      );
      killSender = () => child.kill("SIGKILL");
      assert.equal(await exited, "SIGKILL", output);
      assert.equal(mailbox.messages.length, KILL_AFTER);

      holding = false;
      const again = await runTribune(["newsletter", "send", "--edition", "en"], env);
      assert.equal(again.code, 0, again.stderr + again.stdout);
      assert.match(
        again.stdout,
        new RegExp(
          `finished digest #1, which an earlier send left half way: ${SUBSCRIBERS - KILL_AFTER} sent`,
        ),
      );
      const recipients = mailbox.messages.map((message) => headersOf(message).to).sort();
      assert.deepEqual(
        recipients,
        Array.from({ length: SUBSCRIBERS }, (_, n) => `reader${n + 1}@example.org`).sort(),
      );

      // Nothing new since: a clear message, nothing sent.
      const nothing = await runTribune(["newsletter", "send", "--edition", "en"], env);
      assert.equal(nothing.code, 0, nothing.stderr);
      assert.match(nothing.stdout, /nothing has been published since the last digest; nothing sent/);
      assert.equal(mailbox.messages.length, SUBSCRIBERS);
    });

    test("tribune newsletter bounce stops an address", async () => {
      const result = await runTribune(["newsletter", "bounce", "Reader2@example.org", "--complaint"], env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /reader2@example\.org: 1 subscription marked complained/);
    });
  });
}
