import assert from "node:assert/strict";
import { test } from "node:test";
import { errorAnswer } from "./http-errors.ts";

/** An error as the pg driver or Node's socket layer makes it: a message and a code. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

test("a PostgreSQL server that is away for a moment is a 503 to try again, not a 500", () => {
  for (const error of [
    driverError("terminating connection due to administrator command", "57P01"),
    driverError("the database system is starting up", "57P03"),
    driverError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
    driverError("Connection terminated unexpectedly"),
    driverError("Client has encountered a connection error and is not queryable"),
    driverError("connection failure", "08006"),
  ]) {
    const answer = errorAnswer(error);
    assert.equal(answer.status, 503, error.message);
    assert.ok(answer.retryAfterSeconds !== undefined && answer.retryAfterSeconds > 0);
    assert.doesNotMatch(answer.message, /ECONNREFUSED|5432|administrator/);
  }
});

test("a busy database stays a 503 of its own, and other errors stay 500s that show nothing", () => {
  assert.equal(errorAnswer(driverError("could not serialize access", "40001")).code, "DATABASE_BUSY");
  const other = errorAnswer(driverError('relation "x" does not exist', "42P01"));
  assert.equal(other.status, 500);
  assert.doesNotMatch(other.message, /relation/);
});
