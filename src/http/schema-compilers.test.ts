import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import { compileDeferredSchemas, sharedCompilersFactory } from "./schema-compilers.ts";

/** A small app on the app's compilers: one route with a query to check and a response to shape. */
async function appWith(querystring: Record<string, unknown>) {
  const app = Fastify({ schemaController: { compilersFactory: sharedCompilersFactory } });
  app.get(
    "/sum",
    {
      schema: {
        querystring,
        response: {
          200: { type: "object", properties: { sum: { type: "integer" } }, additionalProperties: false },
        },
      },
    },
    async (request) => {
      const { a, b } = request.query as { a: number; b: number };
      return { sum: a + b, internal: "not for readers" };
    },
  );
  await app.ready();
  return app;
}

const numbers = {
  type: "object",
  properties: { a: { type: "integer" }, b: { type: "integer", default: 10 } },
  required: ["a"],
  additionalProperties: false,
};

test("schemas compiled on first use check, coerce, fill in defaults and shape answers as compiled ones", async () => {
  const app = await appWith(numbers);
  try {
    const sum = await app.inject("/sum?a=2&b=3");
    assert.equal(sum.statusCode, 200);
    // Coerced from text (2 + 3, not "23"), and the response schema drops what it does not name.
    assert.deepEqual(sum.json(), { sum: 5 });
    assert.deepEqual((await app.inject("/sum?a=2")).json(), { sum: 12 }, "the default filled in");
    const wrong = await app.inject("/sum?a=two");
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.json().message, /querystring\/a must be integer/);
  } finally {
    await app.close();
  }
});

test("a schema that cannot compile is reported by compileDeferredSchemas, before any request", async () => {
  const app = await appWith({ type: "object", properties: { a: { type: "no such type" } } });
  try {
    await assert.rejects(compileDeferredSchemas(), /type/);
  } finally {
    await app.close();
  }
});
