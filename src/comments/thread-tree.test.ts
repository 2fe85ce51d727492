import assert from "node:assert/strict";
import { test } from "node:test";
import type { CommentStatus } from "../db/schema.ts";
import { buildThreads, type ThreadComment, type ThreadRow } from "./thread-tree.ts";

let clock = 0;
function row(
  id: number,
  parentId: number | null,
  rootId: number | null,
  status: CommentStatus = "approved",
): ThreadRow {
  clock++;
  return {
    id,
    parentId,
    rootId,
    status,
    authorName: `Author ${id}`,
    verifiedReaderId: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, clock)).toISOString(),
    editedAt: null,
    body: `Text ${id}`,
  };
}

/** The shape of a thread: id, depth and "in reply to" of every comment, depth-first. */
function shape(nodes: ThreadComment[]): string[] {
  return nodes.flatMap((node) => [
    `${"  ".repeat(node.depth)}${node.removed ? "x" : ""}${node.id}${node.replyToName ? ` (to ${node.replyToName})` : ""}`,
    ...shape(node.children),
  ]);
}

test("shows three levels nested and lines deeper replies up on the third, oldest first, saying whom they answer", () => {
  const root = row(1, null, null);
  const a = row(2, 1, 1);
  const b = row(3, 2, 1);
  const c = row(4, 3, 1); // fourth level
  const d = row(5, 4, 1); // fifth level
  const e = row(6, 2, 1); // third level again, later
  assert.deepEqual(shape(buildThreads([root], [a, b, c, d, e])), [
    "1",
    "  2",
    "    3",
    "    4 (to Author 3)",
    "    5 (to Author 4)",
    "    6",
  ]);
});

test("keeps a removed comment as an anchor when published replies hang on it, without its name or text", () => {
  const root = row(1, null, null, "rejected");
  const reply = row(2, 1, 1);
  const threads = buildThreads([root], [reply]);
  assert.deepEqual(shape(threads), ["x1", "  2"]);
  assert.equal(threads[0]?.authorName, "");
  assert.equal(threads[0]?.text, "");
});

test("drops comments that are not published and have nothing published under them", () => {
  const root = row(1, null, null);
  const pending = row(2, 1, 1, "pending");
  const spam = row(3, 1, 1, "spam");
  const underSpam = row(4, 3, 1, "pending");
  assert.deepEqual(shape(buildThreads([root, row(5, null, null, "spam")], [pending, spam, underSpam])), [
    "1",
  ]);
});

test("a reply to a deep reply that was removed says nothing of whom it answers", () => {
  const rows = [row(2, 1, 1), row(3, 2, 1), row(4, 3, 1, "rejected"), row(5, 4, 1)];
  assert.deepEqual(shape(buildThreads([row(1, null, null)], rows)), ["1", "  2", "    3", "    x4", "    5"]);
});
