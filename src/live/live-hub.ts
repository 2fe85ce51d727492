import type { ContentChange, ContentEvents } from "../shared/content-events.ts";
import { ServiceUnavailableError } from "../shared/errors.ts";
import type { LiveEvent, LiveService } from "./live-service.ts";

/** Where a stream's text goes: the HTTP response, as the route opened it. */
export interface LiveSink {
  /** Writes a chunk now; false when the connection's buffer is full (a reader not reading). */
  write(chunk: string): boolean;
  /** Bytes written but not yet sent: a stream whose reader stops reading is closed past a limit. */
  buffered(): number;
  end(): void;
}

export interface LiveHubOptions {
  live: LiveService;
  events: ContentEvents;
  /** Streams this process holds open at most; one more is answered 503. */
  maxStreams: number;
  /** A comment line to every stream this often, so that proxies and readers know it is alive. */
  heartbeatMs: number;
  onError: (error: unknown) => void;
}

/** The answer when a process holds as many streams as it may, or is shutting down. */
export class TooManyStreamsError extends ServiceUnavailableError {
  constructor(message: string) {
    super("live.tooManyStreams", message, 5);
  }
}

/** Bytes a reader may leave unread before its stream is dropped (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 256 * 1024;

interface Stream {
  sink: LiveSink;
  /** The last event id written to it: events at or below it are not sent again. */
  lastSent: number;
  /** Events that came while the stream was catching up from its Last-Event-ID. */
  queued: Rendered[] | undefined;
}

/** An event with its stream text, rendered once for every stream of the process. */
interface Rendered {
  id: number;
  text: string;
}

interface Channel {
  articleId: number;
  /** The newest event this process has read for the article. */
  cursor: number;
  streams: Set<Stream>;
  render: (event: LiveEvent) => string;
  reading: Promise<void> | undefined;
  again: boolean;
}

/**
 * The event streams of one process, fanned out from one read: every serving process (each worker
 * of each instance) hears `live.updated` through the content relay (IPC between workers, the
 * outbox and NOTIFY between instances, the outbox polled on SQLite), then reads the article's new
 * events once and writes them to every stream it holds open for that article. Streams get a
 * heartbeat comment, resume after their Last-Event-ID, and are all closed when the process stops.
 */
export class LiveHub {
  private readonly channels = new Map<number, Channel>();
  private readonly opening = new Map<number, Promise<Channel>>();
  private count = 0;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: LiveHubOptions) {
    this.unsubscribe = options.events.subscribe((change) => this.heard(change));
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Streams open now in this process. */
  get openStreams(): number {
    return this.count;
  }

  /**
   * Opens a stream of the article's events after `afterId` (a reader's Last-Event-ID, or the last
   * event the page it loaded showed); returns the function that closes it. Throws
   * TooManyStreamsError past the cap or once the process is stopping.
   */
  async open(
    articleId: number,
    afterId: number | undefined,
    sink: LiveSink,
    render: (event: LiveEvent) => string,
  ): Promise<() => void> {
    if (this.closed) throw new TooManyStreamsError("This server is shutting down; reconnect in a moment.");
    if (this.count >= this.options.maxStreams) {
      throw new TooManyStreamsError("This server holds as many live streams as it may; retry in a moment.");
    }
    this.count++;
    let channel: Channel;
    try {
      channel = await this.channel(articleId, render);
    } catch (error) {
      this.count--;
      throw error;
    }
    const from = afterId === undefined ? channel.cursor : Math.min(afterId, channel.cursor);
    const stream: Stream = { sink, lastSent: from, queued: from < channel.cursor ? [] : undefined };
    channel.streams.add(stream);
    sink.write(": connected\n\n");
    let open = true;
    const close = () => {
      if (!open || this.closed) return;
      open = false;
      this.count--;
      channel.streams.delete(stream);
      if (channel.streams.size === 0 && !channel.reading) this.channels.delete(articleId);
    };
    if (stream.queued) await this.catchUp(channel, stream).catch(this.options.onError);
    return close;
  }

  /** Ends every stream and takes no more: the process is stopping (its drain must not wait for them). */
  closeAll(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const channel of this.channels.values()) {
      for (const stream of channel.streams) stream.sink.end();
      channel.streams.clear();
    }
    this.channels.clear();
    this.count = 0;
  }

  private async channel(articleId: number, render: (event: LiveEvent) => string): Promise<Channel> {
    const existing = this.channels.get(articleId);
    if (existing) return existing;
    let opening = this.opening.get(articleId);
    if (!opening) {
      opening = this.options.live.latestEventId(articleId).then((cursor) => {
        const channel: Channel = {
          articleId,
          cursor,
          streams: new Set(),
          render,
          reading: undefined,
          again: false,
        };
        this.channels.set(articleId, channel);
        return channel;
      });
      this.opening.set(articleId, opening);
      opening.finally(() => this.opening.delete(articleId)).catch(() => {});
    }
    return opening;
  }

  /** Writes what the stream missed (read for it alone), then what came meanwhile. */
  private async catchUp(channel: Channel, stream: Stream): Promise<void> {
    try {
      for (;;) {
        const events = await this.options.live.eventsAfter(channel.articleId, stream.lastSent);
        if (events.length === 0) break;
        for (const event of events) this.send(stream, rendered(channel, event));
      }
    } finally {
      const queued = stream.queued ?? [];
      stream.queued = undefined;
      for (const event of queued) this.send(stream, event);
    }
  }

  private heard(change: ContentChange): void {
    const concerned = change.reasons.some((reason) => reason === "live.updated" || reason === "unknown");
    if (!concerned) return;
    for (const articleId of change.articleIds) {
      const channel = this.channels.get(articleId);
      if (channel) this.read(channel);
    }
  }

  /** One read per change per process, whatever the number of streams; one read at a time. */
  private read(channel: Channel): void {
    if (channel.reading) {
      channel.again = true;
      return;
    }
    channel.reading = this.readNew(channel)
      .catch(this.options.onError)
      .finally(() => {
        channel.reading = undefined;
        if (channel.again) {
          channel.again = false;
          this.read(channel);
        } else if (channel.streams.size === 0) {
          this.channels.delete(channel.articleId);
        }
      });
  }

  private async readNew(channel: Channel): Promise<void> {
    for (;;) {
      const events = await this.options.live.eventsAfter(channel.articleId, channel.cursor);
      if (events.length === 0) return;
      channel.cursor = events.at(-1)?.id ?? channel.cursor;
      for (const event of events) {
        const once = rendered(channel, event);
        for (const stream of channel.streams) {
          if (stream.queued) stream.queued.push(once);
          else this.send(stream, once);
        }
      }
    }
  }

  private send(stream: Stream, event: Rendered): void {
    if (event.id <= stream.lastSent) return;
    stream.lastSent = event.id;
    stream.sink.write(event.text);
    if (stream.sink.buffered() > MAX_BUFFERED_BYTES) stream.sink.end();
  }

  private beat(): void {
    for (const channel of this.channels.values()) {
      for (const stream of channel.streams) stream.sink.write(": heartbeat\n\n");
    }
  }
}

/** The event as its `update` or `delete` block of the stream. */
function rendered(channel: Channel, event: LiveEvent): Rendered {
  const kind = event.update ? "update" : "delete";
  return { id: event.id, text: `id: ${event.id}\nevent: ${kind}\ndata: ${channel.render(event)}\n\n` };
}
