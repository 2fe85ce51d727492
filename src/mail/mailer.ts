import type { Transporter } from "nodemailer";
import type { MailConfig } from "./mail-config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
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
      await (await transport).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
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
