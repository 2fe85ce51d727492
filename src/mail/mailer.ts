import type { Transporter } from "nodemailer";
import type { MailConfig } from "./mail-config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML part beside the text one (multipart/alternative). */
  html?: string | undefined;
  /** Extra headers (List-Unsubscribe…); names as they should appear. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The SMTP server refused the recipient for good (a 5xx answer to RCPT TO): the address does not
 * exist or will not take mail. Temporary refusals (4xx) and broken connections are not this.
 */
export class RecipientRefusedError extends Error {
  constructor(
    readonly recipient: string,
    /** The server's answer, e.g. "550 5.1.1 No such user". */
    readonly response: string,
  ) {
    super(`${recipient} was refused: ${response}`);
  }
}

/** Sends e-mail; SMTP in production, anything in tests. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer for an `smtp://` or `smtps://` URL (user and password in the URL if the server wants them). */
export function smtpMailer(url: string, from: string): Mailer & { close(): void } {
  // nodemailer is loaded with the first message: most workers never send one.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url));
      const open = await transport;
      try {
        await open.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
        });
      } catch (error) {
        throw refusalOf(error, message.to) ?? error;
      }
    },
    close: () => {
      transport?.then((open) => open.close()).catch(() => {});
    },
  };
}

/** The site's mailer, or null when no SMTP server is configured (what sends mail is then off). */
export function configuredMailer(config: MailConfig): (Mailer & { close(): void }) | null {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.from) : null;
}

/** nodemailer's error for a recipient refused with a 5xx, as a RecipientRefusedError. */
function refusalOf(error: unknown, recipient: string): RecipientRefusedError | null {
  const smtp = error as { responseCode?: number; command?: string; response?: string };
  const code = smtp.responseCode ?? 0;
  if (code < 500 || code > 599 || smtp.command !== "RCPT TO") return null;
  return new RecipientRefusedError(recipient, smtp.response ?? String(code));
}
