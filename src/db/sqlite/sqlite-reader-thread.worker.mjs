// The thread behind SqliteReaderThread (sqlite-reader-thread.ts): runs read-only statements on a
// connection of its own, at a low CPU priority, so that a long full-text search neither blocks the
// event loop that answers cached pages nor takes a core from it.
//
// Plain JavaScript on purpose: it is started as it is from the CLI bundle, through tsx and in tests,
// with no loader. Messages in: { id, sql, parameters }; out: { id, rows } or { id, error }.

import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const STATEMENTS = 32;

lowerThreadPriority(workerData.nice);
const database = new Database(workerData.file, { readonly: true, fileMustExist: true });
database.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
database.pragma(`cache_size = -${workerData.cacheKib}`);
const statements = new Map();

parentPort.on("message", ({ id, sql, parameters }) => {
  try {
    parentPort.postMessage({ id, rows: statementFor(sql).all(...parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});

function statementFor(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = database.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > STATEMENTS) statements.delete(statements.keys().next().value);
  }
  return statement;
}

/**
 * On Linux a nice value belongs to a thread: this one's is raised, the process keeps its own. Elsewhere
 * setPriority would change the whole process, so the thread keeps the process's priority.
 */
function lowerThreadPriority(nice) {
  let self;
  try {
    self = readlinkSync("/proc/thread-self");
  } catch {
    return;
  }
  const tid = Number(self.split("/").pop());
  if (!Number.isSafeInteger(tid) || tid <= 0) return;
  try {
    setPriority(tid, nice);
  } catch {
    // Lowering one's own priority is always allowed; should a system refuse, searches still run.
  }
}
