import nodemailer from "nodemailer";

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
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
