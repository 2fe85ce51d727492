// Loaded with --require into every cluster worker (src/cli/cluster.ts), before anything else runs.
// A worker forked just as its primary dies fails to send Node's own "online" message with EPIPE,
// and Node emits that error on the worker before any module could listen: an unhandled 'error',
// a crash with a stack trace. Errors of a closed channel mean the primary is gone, which the
// worker hears as a disconnect (and then finishes and exits); any other error is thrown as before.
"use strict";

const cluster = require("node:cluster");

const CLOSED_CHANNEL = new Set(["EPIPE", "ERR_IPC_CHANNEL_CLOSED", "ECONNRESET"]);

cluster.worker?.on("error", (error) => {
  if (!CLOSED_CHANNEL.has(error?.code)) throw error;
});
