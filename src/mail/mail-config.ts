import { ConfigError } from "../shared/errors.ts";

/** The one SMTP server of the site: readers' sign-in links and the newsroom's password resets. */
export interface MailConfig {
  /** `smtp://…` or `smtps://…`; null: the site sends no e-mail. */
  smtpUrl: string | null;
  /** The From of every e-mail the site sends. */
  from: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** SMTP_URL and SMTP_FROM into a MailConfig; a bad value throws a ConfigError naming the variable. */
export function parseMailConfig(env: Env, siteHost: string): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) {
    throw new ConfigError(
      "SMTP_URL",
      `"${redact(smtpUrl)}" is not an SMTP URL such as smtp://user:pass@mail.example.org:587`,
    );
  }
  const from = env.SMTP_FROM?.trim() || `no-reply@${siteHost}`;
  if (!/^[^\s<>@]+@[^\s<>@]+$|<[^\s<>@]+@[^\s<>@]+>$/.test(from)) {
    throw new ConfigError("SMTP_FROM", `"${from}" is not an address such as "Tribune <news@example.org>"`);
  }
  return { smtpUrl, from };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
