import { sql } from "kysely";
import type pg from "pg";
import type { ChangeSignal, SignalHandlers, SignalListener } from "../change-signal.ts";
import type { Db } from "../database.ts";

/** Waits between attempts to listen again: from 100 ms, doubling, to 5 s. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * LISTEN/NOTIFY on one channel. The channel is named after the schema, so that sites (and test runs)
 * sharing one PostgreSQL database in different schemas do not wake each other. Notifications go
 * through the pool; the listener holds a connection of its own, outside the pool, for as long as it
 * listens, and opens another after a drop.
 */
export function postgresChangeSignal(options: {
  db: Db;
  url: string;
  schema: string | undefined;
  channel: string;
  Client: typeof pg.Client;
}): ChangeSignal {
  const channel = `${options.channel}_${options.schema ?? "public"}`;
  return {
    async notify(db = options.db) {
      await sql`select pg_notify(${channel}, '')`.execute(db);
    },
    listen: (handlers) => new Listener(options.Client, options.url, channel, handlers).start(),
  };
}

class Listener {
  private client: pg.Client | undefined;
  /** Listening now: connected and LISTEN done. */
  private connected = false;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly Client: typeof pg.Client,
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: SignalHandlers,
  ) {}

  async start(): Promise<SignalListener> {
    await this.connect().catch((error: unknown) => {
      // The pool reached the database a moment ago: keep trying, and poll meanwhile.
      this.handlers.onError(error);
      this.retry();
    });
    return { connected: () => this.connected, close: () => this.close() };
  }

  private async connect(): Promise<void> {
    const client = new this.Client({ connectionString: this.url });
    // An error after connecting (the server restarted, the backend was terminated) ends the client.
    client.on("error", (error) => this.dropped(client, error));
    client.on("end", () => this.dropped(client, undefined));
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.handlers.onWake();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
      this.connected = true;
    } catch (error) {
      this.client = undefined;
      await client.end().catch(() => {});
      throw error;
    }
    this.retryMs = FIRST_RETRY_MS;
  }

  private dropped(client: pg.Client, error: unknown): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    if (error) this.handlers.onError(error);
    void client.end().catch(() => {});
    this.retry();
  }

  private retry(): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        // Whatever was notified while away is lost: the listener reads its table now.
        () => this.handlers.onWake(),
        (error: unknown) => {
          this.handlers.onError(error);
          this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
          this.retry();
        },
      );
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
