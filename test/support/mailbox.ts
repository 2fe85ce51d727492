// A local SMTP server for tests: point SMTP_URL at `mailbox.url`, then read what the app sent.
//
//   const mailbox = await startMailbox();
//   const demo = await startDemoApp(database, { SMTP_URL: mailbox.url });
//   const body = bodyOf(await mailbox.next());

import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Mailbox {
  url: string;
  /** Every message received, raw (headers and body). */
  messages: string[];
  /** The next message not yet read, waiting for it if need be. */
  next(): Promise<string>;
  close(): Promise<void>;
}

export interface MailboxOptions {
  /** Recipients answered `550 No such user` at RCPT TO (a hard bounce). */
  refuses?: (address: string) => boolean;
  /**
   * Called with each message before it is accepted; resolving false holds it unanswered forever
   * (a slow server whose client dies first): it is not kept.
   */
  beforeAccept?: (message: string, acceptedSoFar: number) => Promise<boolean>;
}

/** A local SMTP server that keeps what it is sent. */
export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const messages: string[] = [];
  const waiting: ((message: string) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuses?.(address.address)) {
        const error = Object.assign(new Error("No such user"), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const message = Buffer.concat(chunks).toString("utf8");
        if (options.beforeAccept && !(await options.beforeAccept(message, messages.length))) return;
        messages.push(message);
        waiting.shift()?.(message);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  let read = 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next: () => {
      const ready = messages[read];
      if (ready !== undefined) {
        read++;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) =>
        waiting.push((message) => {
          read++;
          resolve(message);
        }),
      );
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Connections a test left hanging (a held message) would keep close waiting.
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ??
          []) {
          connection.close();
        }
      }),
  };
}

/** The body of a plain-text message, quoted-printable decoded. */
export function bodyOf(message: string): string {
  const body = message.slice(message.indexOf("\r\n\r\n") + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(message)) return body;
  return Buffer.from(
    body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}
