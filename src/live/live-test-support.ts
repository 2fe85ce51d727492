import type { Db } from "../db/database.ts";

/** One block of a server-sent event stream: an event, or a comment (`: heartbeat`). */
export interface StreamBlock {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

export interface OpenStream {
  status: number;
  headers: Headers;
  /** The next block `accept` takes (earlier ones are skipped); rejects when the stream ends first. */
  next(accept: (block: StreamBlock) => boolean): Promise<StreamBlock>;
  /** Whether the server ended the stream (the reader got to its end). */
  ended(): Promise<void>;
  close(): void;
}

/** Opens an event stream with Node's fetch and reads it as a browser's EventSource would. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const blocks: StreamBlock[] = [];
  let buffer = "";
  let done = false;
  const read = async (): Promise<boolean> => {
    if (!reader || done) return false;
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done) {
      done = true;
      return false;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      blocks.push(parseBlock(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
    return true;
  };
  return {
    status: response.status,
    headers: response.headers,
    async next(accept) {
      for (;;) {
        while (blocks.length > 0) {
          const block = blocks.shift() as StreamBlock;
          if (accept(block)) return block;
        }
        if (!(await read()))
          throw new Error(`the stream ended before the block awaited (status ${response.status})`);
      }
    },
    async ended() {
      while (await read()) {}
    },
    close: () => {
      reader?.cancel().catch(() => {});
      controller.abort();
    },
  };
}

function parseBlock(text: string): StreamBlock {
  const block: StreamBlock = {};
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) block.comment = line.slice(1).trim();
    const match = /^(id|event|data): ?(.*)$/.exec(line);
    if (match) block[match[1] as "id" | "event" | "data"] = match[2];
  }
  return block;
}

/** Update events whose HTML holds `text`. */
export const updateWith = (text: string) => (block: StreamBlock) =>
  block.event === "update" && (block.data ?? "").includes(text);

/** A published story of the demo with an article in English and one in Portuguese. */
export async function bilingualStory(db: Db): Promise<{ storyId: number; en: number; pt: number }> {
  const rows = await db
    .selectFrom("articles")
    .select(["storyId", "edition", "id"])
    .where("status", "=", "published")
    .where("edition", "in", ["en", "pt"])
    .orderBy("storyId")
    .execute();
  const byStory = new Map<number, Record<string, number>>();
  for (const row of rows) byStory.set(row.storyId, { ...byStory.get(row.storyId), [row.edition]: row.id });
  for (const [storyId, editions] of byStory) {
    if (editions.en && editions.pt) return { storyId, en: editions.en, pt: editions.pt };
  }
  throw new Error("the demo has no story in both English and Portuguese");
}
