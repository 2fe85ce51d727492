import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1, as a test starts it: keeps what it is sent, answers `status`,
 * and can go down and come back on the same port.
 */
export class TestReceiver {
  readonly received: ReceivedDelivery[] = [];
  status = 204;
  private server: Server | undefined;
  private port = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/tribune`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        response.statusCode = this.status;
        response.end();
        if (this.status >= 200 && this.status < 300) {
          this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
          this.wake();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` deliveries in all were taken (2xx). */
  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
    });
  }

  /** The deliveries taken of one event. */
  of(event: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.headers["x-tribune-event"] === event);
  }

  private wake(): void {
    const ready = this.waiters.filter((waiter) => this.received.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.received.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}
