import type { CommentStatus } from "../db/schema.ts";

/** A comment as a thread shows it. A removed one keeps its place (replies hang on it) but shows nothing. */
export interface ThreadComment {
  id: number;
  /** Empty when removed. */
  authorName: string;
  verified: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Empty when removed. */
  text: string;
  removed: boolean;
  /** The nesting shown: 0 for top-level, at most MAX_SHOWN_DEPTH. */
  depth: number;
  /** Set on replies shown flatter than they are: whom they answer. */
  replyToName: string | null;
  children: ThreadComment[];
}

/** A stored comment, as the thread query reads it (never the e-mail or the address). */
export interface ThreadRow {
  id: number;
  parentId: number | null;
  rootId: number | null;
  status: CommentStatus;
  authorName: string;
  verifiedReaderId: number | null;
  createdAt: string;
  editedAt: string | null;
  body: string;
}

/** Three levels are shown (top-level, reply, reply to a reply); deeper replies line up on the third. */
export const MAX_SHOWN_DEPTH = 2;

/**
 * Builds the threads under the given top-level comments (in their order) from every comment under
 * them (any status, oldest first). Only published comments show; one that is not stays as a
 * "removed" anchor if published replies hang under it, and is dropped otherwise.
 */
export function buildThreads(
  roots: readonly ThreadRow[],
  descendants: readonly ThreadRow[],
): ThreadComment[] {
  const rows = new Map<number, ThreadRow>();
  for (const row of [...roots, ...descendants]) rows.set(row.id, row);
  const children = new Map<number, ThreadRow[]>();
  for (const row of descendants) {
    if (row.parentId === null) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  const visible = new Map<number, boolean>();
  const isShown = (row: ThreadRow): boolean => {
    const known = visible.get(row.id);
    if (known !== undefined) return known;
    visible.set(row.id, false); // a cycle in bad data ends here
    const shown = row.status === "approved" || (children.get(row.id) ?? []).some(isShown);
    visible.set(row.id, shown);
    return shown;
  };

  const build = (row: ThreadRow, depth: number, replyToName: string | null): ThreadComment => {
    const removed = row.status !== "approved";
    const node: ThreadComment = {
      id: row.id,
      authorName: removed ? "" : row.authorName,
      verified: !removed && row.verifiedReaderId !== null,
      createdAt: row.createdAt,
      editedAt: removed ? null : row.editedAt,
      text: removed ? "" : row.body,
      removed,
      depth: Math.min(depth, MAX_SHOWN_DEPTH),
      replyToName: removed ? null : replyToName,
      children: [],
    };
    if (depth < MAX_SHOWN_DEPTH) {
      for (const child of children.get(row.id) ?? []) {
        if (isShown(child)) node.children.push(build(child, depth + 1, null));
      }
    } else if (depth === MAX_SHOWN_DEPTH) {
      // Everything deeper, oldest first; lift() then shows them beside this comment.
      for (const descendant of flatten(row, children, isShown)) {
        const parent = descendant.parentId === null ? undefined : rows.get(descendant.parentId);
        const name = parent && parent.status === "approved" ? parent.authorName : null;
        node.children.push(build(descendant, MAX_SHOWN_DEPTH + 1, name));
      }
    }
    return node;
  };

  const threads: ThreadComment[] = [];
  for (const root of roots) if (isShown(root)) threads.push(build(root, 0, null));
  return lift(threads);
}

/** Every shown descendant of `row`, oldest first. */
function flatten(
  row: ThreadRow,
  children: Map<number, ThreadRow[]>,
  isShown: (row: ThreadRow) => boolean,
): ThreadRow[] {
  const found: ThreadRow[] = [];
  const stack = [...(children.get(row.id) ?? [])];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || seen.has(next.id)) continue;
    seen.add(next.id);
    if (isShown(next)) found.push(next);
    stack.push(...(children.get(next.id) ?? []));
  }
  return found.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1,
  );
}

/**
 * Flattened replies were built as children of the deepest shown comment; they are shown as its
 * siblings instead (same indentation, in time order), which reads as one conversation.
 */
function lift(nodes: ThreadComment[]): ThreadComment[] {
  for (const node of nodes) {
    if (node.depth === MAX_SHOWN_DEPTH - 1) {
      const lifted: ThreadComment[] = [];
      for (const child of node.children) {
        lifted.push({ ...child, children: [] });
        lifted.push(...child.children.map((deeper) => ({ ...deeper, children: [] })));
      }
      node.children = lifted.sort((a, b) =>
        a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1,
      );
    } else {
      lift(node.children);
    }
  }
  return nodes;
}
