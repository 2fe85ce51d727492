import { parseArgs } from "node:util";
import { type Config, persistentSecret } from "../config.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { Editions } from "../editions/edition-service.ts";
import { SiteUrls } from "../editions/site-urls.ts";
import { configuredMailer } from "../mail/mailer.ts";
import { openMediaStore } from "../media/open-media-store.ts";
import { SendInProgressError, type SendReport } from "../newsletters/digest-service.ts";
import { createNewsletterServices } from "../newsletters/newsletter-services.ts";
import { normalEmail, stopAddress } from "../newsletters/subscription-service.ts";
import { SettingsService } from "../settings/settings-service.ts";
import { openMigrated } from "./open-migrated.ts";

export const NEWSLETTER_USAGE = `Usage: tribune newsletter send --edition E
       tribune newsletter bounce ADDRESS [--complaint] [--edition E] [--reason TEXT]

send     sends the edition's digest now: the stories published since the last digest, to every
         confirmed subscriber; a digest a killed send left half way is finished first (nobody gets
         it twice). Needs SMTP_URL.
bounce   records a bounce (or with --complaint, a spam complaint) the mail provider reported for
         ADDRESS: it gets no more digests (in every edition, or only --edition).`;

/** `tribune newsletter send|bounce …`. */
export async function newsletterCommand(config: Config, args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === "send") return sendCommand(config, rest);
  if (subcommand === "bounce") return bounceCommand(config, rest);
  console.error(
    subcommand
      ? `tribune newsletter: unknown subcommand "${subcommand}"\n\n${NEWSLETTER_USAGE}`
      : NEWSLETTER_USAGE,
  );
  return 2;
}

async function sendCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { edition: { type: "string" } }, strict: true });
  if (values.edition === undefined) {
    console.error(`tribune newsletter send: --edition is required\n\n${NEWSLETTER_USAGE}`);
    return 2;
  }
  const editions = new Editions(config.editions, config.defaultEdition);
  // An unknown edition is refused before anything is opened (UnknownEditionError names the known ones).
  const edition = editions.get(values.edition);
  const mailer = configuredMailer(config.mail);
  if (!mailer) {
    console.error("tribune newsletter send: no SMTP server is configured; set SMTP_URL (see README.md).");
    return 1;
  }
  return withDatabase(config, async (database) => {
    // The settings read the logo's picture through the store (for the site's name and icons).
    const mediaStore = openMediaStore(config);
    const settings = await SettingsService.start({
      db: database.db,
      editions,
      siteName: config.siteName,
      mediaStore,
    });
    try {
      const { digests } = createNewsletterServices({
        db: database.db,
        urls: new SiteUrls(config.publicUrl),
        mailer,
        secret: persistentSecret(config, "newsletters"),
        siteNameFor: (one) => settings.nameFor(one),
        from: config.mail.from,
        leaseTtlMs: config.scheduleLeaseSeconds * 1000,
      });
      const report = await sendWaitingForLease(() => digests.send(edition, "cli", new Date()), config);
      return printReport(edition.code, report);
    } finally {
      settings.close();
      mailer.close();
      mediaStore.close();
    }
  });
}

/**
 * Sends, waiting out another sender's lease once: after a sender was killed, its lease runs out
 * within SCHEDULE_LEASE_SECONDS, and this run then finishes what it left.
 */
async function sendWaitingForLease(
  send: () => Promise<SendReport | null>,
  config: Config,
): Promise<SendReport | null> {
  const deadline = Date.now() + (config.scheduleLeaseSeconds + 2) * 1000;
  let told = false;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof SendInProgressError) || Date.now() > deadline) throw error;
      if (!told) {
        console.log(
          `Another process holds this edition's sending lease; waiting up to ${config.scheduleLeaseSeconds} s for it to finish or run out…`,
        );
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function printReport(edition: string, report: SendReport | null): number {
  if (!report) {
    console.log(`Edition ${edition}: nothing has been published since the last digest; nothing sent.`);
    return 0;
  }
  const what = report.resumed
    ? `finished digest #${report.issueId}, which an earlier send left half way`
    : `sent digest #${report.issueId}`;
  console.log(
    `Edition ${edition}: ${what}: ${report.sent} sent, ${report.bounced} bounced (stopped), ${report.skipped} skipped (unsubscribed meanwhile).`,
  );
  if (report.left > 0) {
    console.error(
      `${report.left} deliveries are still pending (this process lost its lease); run the command again.`,
    );
    return 1;
  }
  return 0;
}

async function bounceCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { complaint: { type: "boolean" }, edition: { type: "string" }, reason: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const [address] = positionals;
  if (positionals.length !== 1 || address === undefined) {
    console.error(`tribune newsletter bounce: give one address\n\n${NEWSLETTER_USAGE}`);
    return 2;
  }
  const email = normalEmail(address);
  const edition =
    values.edition === undefined
      ? undefined
      : new Editions(config.editions, config.defaultEdition).get(values.edition).code;
  const kind = values.complaint ? "complained" : "bounced";
  return withDatabase(config, async (database) => {
    const reason =
      values.reason ??
      (kind === "complained" ? "complaint reported by the provider" : "bounce reported by the provider");
    const stopped = await stopAddress(database.db, email, kind, reason, new Date(), edition);
    console.log(
      stopped === 0
        ? `No subscription of ${email} to stop${edition ? ` in edition ${edition}` : ""} (unknown, or stopped by a complaint already).`
        : `${email}: ${stopped} subscription${stopped === 1 ? "" : "s"} marked ${kind}; no more digests go there.`,
    );
    return 0;
  });
}

async function withDatabase(
  config: Config,
  run: (database: DatabaseHandle) => Promise<number>,
): Promise<number> {
  const { database } = await openMigrated(config);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}
