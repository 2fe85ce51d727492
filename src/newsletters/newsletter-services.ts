import type { Db } from "../db/database.ts";
import type { Edition } from "../editions/edition.ts";
import type { SiteUrls } from "../editions/site-urls.ts";
import type { Mailer } from "../mail/mailer.ts";
import { ScheduleStore } from "./digest-schedule.ts";
import { DigestService } from "./digest-service.ts";
import { NewsletterLinks } from "./newsletter-links.ts";
import { SubscriberTokens } from "./subscriber-tokens.ts";
import { SignUpLimiter, SubscriptionService } from "./subscription-service.ts";

export interface NewsletterServices {
  subscriptions: SubscriptionService;
  digests: DigestService;
  schedules: ScheduleStore;
  /** Sign-ups per client address, counted in this process. */
  signUps: SignUpLimiter;
}

export interface NewsletterWiring {
  db: Db;
  urls: SiteUrls;
  mailer: Mailer;
  /** The `newsletters` secret links are signed with (the same in every process of the site). */
  secret: string;
  siteNameFor: (edition: Edition) => string;
  /** SMTP_FROM: its address is List-Unsubscribe's mailto. */
  from: string;
  leaseTtlMs: number;
}

/** The newsletters of a site with an SMTP server: subscriptions, digests and their schedules. */
export function createNewsletterServices(wiring: NewsletterWiring): NewsletterServices {
  const tokens = new SubscriberTokens(wiring.secret);
  const links = new NewsletterLinks(wiring.urls, wiring.siteNameFor);
  return {
    subscriptions: new SubscriptionService(wiring.db, wiring.mailer, tokens, links),
    digests: new DigestService({
      db: wiring.db,
      mailer: wiring.mailer,
      tokens,
      links,
      leaseTtlMs: wiring.leaseTtlMs,
      unsubscribeMailbox: /<([^<>\s]+)>\s*$/.exec(wiring.from)?.[1] ?? wiring.from.trim(),
    }),
    schedules: new ScheduleStore(wiring.db),
    signUps: new SignUpLimiter(),
  };
}
