import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type TestDatabaseHandle, testConfig, testDatabases } from "../../test/support/databases.ts";
import { type Mailbox, startMailbox } from "../../test/support/mailbox.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { smtpMailer } from "../mail/mailer.ts";
import { ValidationError } from "../shared/errors.ts";
import { latestDueSlot, parseSchedule } from "./digest-schedule.ts";
import { createNewsletterServices, type NewsletterServices } from "./newsletter-services.ts";
import { decodedText, headersOf, linkIn, publishStories } from "./newsletter-test-support.ts";
import { SubscriberTokens } from "./subscriber-tokens.ts";

const editions = new Editions(testConfig.editions, testConfig.defaultEdition);
const en = editions.get("en");
const pt = editions.get("pt");

function tokenOf(link: string): string {
  return new URL(link).searchParams.get("t") ?? "";
}

for (const testDatabase of testDatabases()) {
  describe(`newsletters (${testDatabase.name})`, () => {
    let database: TestDatabaseHandle;
    let mailbox: Mailbox;
    let services: NewsletterServices;
    let close: () => void;
    /** Addresses the SMTP server refuses (550) from now on. */
    const refused = new Set<string>();

    before(async () => {
      database = await testDatabase.open();
      mailbox = await startMailbox({ refuses: (address) => refused.has(address) });
      const mailer = smtpMailer(mailbox.url, "Tribune <news@tribune.test>");
      close = mailer.close;
      services = createNewsletterServices({
        db: database.db,
        urls: new SiteUrls("http://tribune.test"),
        mailer,
        secret: "test-secret",
        siteNameFor: () => "Tribune",
        from: "Tribune <news@tribune.test>",
        leaseTtlMs: 5_000,
      });
    });
    after(async () => {
      close();
      await mailbox.close();
      await database.close();
    });

    const subscribeAndConfirm = async (email: string, edition = en) => {
      await services.subscriptions.subscribe(edition, email, new Date());
      // Kept before the server answered, so before subscribe() returned.
      const message = mailbox.messages.at(-1) as string;
      assert.equal(headersOf(message).to, email);
      assert.ok(
        await services.subscriptions.confirm(
          edition,
          tokenOf(linkIn(message, "/newsletter/confirm")),
          new Date(),
        ),
      );
    };

    test("double opt-in: pending until the e-mailed link is confirmed; asking again reveals nothing", async () => {
      await services.subscriptions.subscribe(en, " Reader@Example.org ", new Date());
      const mail = await mailbox.next();
      assert.match(headersOf(mail).subject ?? "", /Confirm your subscription to Tribune/);
      const link = linkIn(mail, "/newsletter/confirm");
      assert.ok(link.startsWith("http://tribune.test/en/newsletter/confirm?t="));
      assert.equal((await services.subscriptions.counts("en")).pending, 1);

      // Asking again at once mails nothing more (and throws nothing): the answer is the same.
      await services.subscriptions.subscribe(en, "reader@example.org", new Date());
      assert.equal(mailbox.messages.length, 1);

      // A forged or cut token confirms nothing; one for unsubscribing does not confirm either.
      const token = tokenOf(link);
      assert.equal(await services.subscriptions.confirm(en, `${token.slice(0, -2)}xx`, new Date()), false);
      const unsubscribeToken = new SubscriberTokens("test-secret").issue(
        "unsubscribe",
        Number(token.split(".")[0]),
        new Date(),
      );
      assert.equal(await services.subscriptions.confirm(en, unsubscribeToken, new Date()), false);
      // Nor in another edition.
      assert.equal(await services.subscriptions.confirm(pt, token, new Date()), false);

      assert.equal(await services.subscriptions.confirm(en, token, new Date()), true);
      assert.deepEqual(await services.subscriptions.counts("en"), {
        pending: 0,
        confirmed: 1,
        unsubscribed: 0,
        bounced: 0,
        complained: 0,
      });
      // Subscribing a confirmed address again: still one row, confirmed, nothing mailed.
      await services.subscriptions.subscribe(en, "reader@example.org", new Date());
      assert.equal(mailbox.messages.length, 1);
      assert.equal((await services.subscriptions.counts("en")).confirmed, 1);
    });

    test("an address the server refuses at once is stopped as bounced, and the form answers the same", async () => {
      refused.add("nobody@example.org");
      await services.subscriptions.subscribe(en, "nobody@example.org", new Date());
      const row = await database.db
        .selectFrom("newsletterSubscribers")
        .select("status")
        .where("email", "=", "nobody@example.org")
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "bounced");
    });

    test("an address that is not one is refused", async () => {
      await assert.rejects(
        services.subscriptions.subscribe(en, "not an address", new Date()),
        ValidationError,
      );
    });

    test("a confirmation link expires after a week", () => {
      const tokens = new SubscriberTokens("s");
      const issued = new Date("2026-03-01T00:00:00Z");
      const token = tokens.issue("confirm", 7, issued);
      assert.equal(tokens.verify("confirm", token, new Date("2026-03-07T23:00:00Z")), 7);
      assert.equal(tokens.verify("confirm", token, new Date("2026-03-08T01:00:00Z")), null);
    });

    test("the digest: new stories, both parts, List-Unsubscribe headers; one-click unsubscribe; bounces stop the address", async () => {
      await subscribeAndConfirm("second@example.org");
      await subscribeAndConfirm("gone@example.org");
      await subscribeAndConfirm("pt-reader@example.org", pt);
      // The mailbox is gone since it confirmed.
      refused.add("gone@example.org");
      await publishStories(database.db, "en", ["Harbour reopens", "Council votes"]);
      await publishStories(database.db, "pt", ["Porto reabre"]);
      const before = mailbox.messages.length;

      const preview = await services.digests.nextDigest(en, new Date());
      assert.deepEqual(
        preview?.stories.map((story) => story.title),
        ["Harbour reopens", "Council votes"],
      );
      const report = await services.digests.send(en, "cli", new Date());
      assert.deepEqual(
        { sent: report?.sent, bounced: report?.bounced, skipped: report?.skipped, left: report?.left },
        { sent: 2, bounced: 1, skipped: 0, left: 0 },
      );
      const digests = mailbox.messages.slice(before);
      assert.deepEqual(digests.map((message) => headersOf(message).to).sort(), [
        "reader@example.org",
        "second@example.org",
      ]);
      const digest = digests.find((message) => headersOf(message).to === "second@example.org") as string;
      const headers = headersOf(digest);
      assert.match(headers["content-type"] ?? "", /multipart\/alternative/);
      assert.match(
        headers["list-unsubscribe"] ?? "",
        /^<http:\/\/tribune\.test\/en\/newsletter\/unsubscribe\?t=[^>]+>, <mailto:news@tribune\.test\?subject=unsubscribe>$/,
      );
      assert.equal(headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
      const text = decodedText(digest);
      assert.match(text, /Harbour reopens/);
      assert.match(text, /<a href="http:\/\/tribune\.test\/en\/\d{4}\/\d{2}\/\d{2}\/harbour-reopens">/);
      assert.ok(!text.includes("{{unsubscribe}}"));
      assert.ok(!text.includes("Porto reabre"), "only the edition's own stories");

      // The refused address is stopped: bounced, with the server's answer.
      const gone = await database.db
        .selectFrom("newsletterSubscribers")
        .select(["status", "stopReason"])
        .where("email", "=", "gone@example.org")
        .executeTakeFirstOrThrow();
      assert.equal(gone.status, "bounced");
      assert.match(gone.stopReason ?? "", /550/);

      // Nothing new: nothing sent.
      assert.equal(await services.digests.send(en, "cli", new Date()), null);

      // The one-click POST's token unsubscribes; the next digest does not reach them.
      const unsubscribeLink = /<(http[^>]+)>/.exec(headers["list-unsubscribe"] ?? "")?.[1] ?? "";
      assert.ok(await services.subscriptions.unsubscribe(en, tokenOf(unsubscribeLink), new Date()));
      await publishStories(database.db, "en", ["Later story"], 1);
      const beforeSecond = mailbox.messages.length;
      const second = await services.digests.send(en, "cli", new Date());
      assert.equal(second?.sent, 1);
      const recipients = mailbox.messages.slice(beforeSecond).map((message) => headersOf(message).to);
      assert.deepEqual(recipients, ["reader@example.org"]);
      const secondText = decodedText(mailbox.messages.at(-1) as string);
      assert.match(secondText, /Later story/);
      assert.ok(!secondText.includes("Harbour reopens"), "a digest starts where the last one ended");
    });

    test("a bounce or complaint the provider reports stops the address; a complaint stays final", async () => {
      await subscribeAndConfirm("reported@example.org");
      await subscribeAndConfirm("reported@example.org", pt);
      assert.equal(
        await services.subscriptions.stop("Reported@example.org", "complained", "abuse report", new Date()),
        2,
      );
      // Subscribing again mails nothing and changes nothing.
      const before = mailbox.messages.length;
      await services.subscriptions.subscribe(en, "reported@example.org", new Date());
      assert.equal(mailbox.messages.length, before);
      const statuses = await database.db
        .selectFrom("newsletterSubscribers")
        .select("status")
        .where("email", "=", "reported@example.org")
        .execute();
      assert.deepEqual(
        statuses.map((row) => row.status),
        ["complained", "complained"],
      );
    });
  });
}

describe("digest schedules", () => {
  test("daily and weekly slots on the edition's clock", () => {
    const daily = parseSchedule({ frequency: "daily", time: "07:30" });
    // São Paulo is UTC-3: 07:30 there is 10:30 UTC.
    assert.equal(
      latestDueSlot(daily, "America/Sao_Paulo", new Date("2026-03-10T12:00:00Z"))?.toISOString(),
      "2026-03-10T10:30:00.000Z",
    );
    assert.equal(
      latestDueSlot(daily, "America/Sao_Paulo", new Date("2026-03-10T10:00:00Z"))?.toISOString(),
      "2026-03-09T10:30:00.000Z",
    );
    // 2026-03-10 is a Tuesday; weekly on Monday (1) at 07:30 São Paulo.
    const weekly = parseSchedule({ frequency: "weekly", weekday: "1", time: "07:30" });
    assert.equal(
      latestDueSlot(weekly, "America/Sao_Paulo", new Date("2026-03-10T12:00:00Z"))?.toISOString(),
      "2026-03-09T10:30:00.000Z",
    );
    assert.equal(latestDueSlot(parseSchedule({ frequency: "off" }), "UTC", new Date()), null);
  });

  test("bad schedules are refused by field", () => {
    assert.throws(() => parseSchedule({ frequency: "hourly" }), /off, daily or weekly/);
    assert.throws(() => parseSchedule({ frequency: "daily", time: "25:00" }), /HH:MM/);
    assert.throws(
      () => parseSchedule({ frequency: "weekly", weekday: "9", time: "08:00" }),
      /day of the week/,
    );
  });
});
