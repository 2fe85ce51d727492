import type { Db } from "./database.ts";

/**
 * A wake-up call between processes on one database: PostgreSQL's LISTEN/NOTIFY. It carries no data
 * (the outbox tables do, durably): a notification only says "look now", so that a reader need not
 * wait for its next poll. SQLite has none; its readers keep polling.
 */
export interface ChangeSignal {
  /**
   * Wakes every listener on this database (this process's own included). Given a transaction, the
   * notification goes out when it commits, once the rows it wrote can be read, and not at all if it
   * rolls back.
   */
  notify(db?: Db): Promise<void>;
  /**
   * Calls `onWake` at every notification, and after the dedicated connection came back from a drop
   * (what was notified meanwhile is lost, so the listener catches up from its table). Resolves after
   * the first attempt to connect, which is retried in the background when it failed.
   */
  listen(handlers: SignalHandlers): Promise<SignalListener>;
}

export interface SignalListener {
  /** Whether notifications arrive now: while not, the listener should poll as it would without. */
  connected(): boolean;
  /** Lets the connection go. */
  close(): Promise<void>;
}

export interface SignalHandlers {
  onWake: () => void;
  /** The connection dropped or could not be made again (it keeps retrying). */
  onError: (error: unknown) => void;
}
