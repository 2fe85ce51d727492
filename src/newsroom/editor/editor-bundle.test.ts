import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ensureEditorBundle } from "./editor-bundle.ts";

describe("the editor bundle", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tribune-bundle-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("is built when missing, then read back while no source is newer, at the same hashed URLs", async () => {
    const built = await ensureEditorBundle({ dir });
    assert.equal(built.origin, "built");
    assert.match(built.script.path, /^\/assets\/newsroom-editor\.[0-9a-f]{12}\.js$/);
    assert.match(built.stylesheet.path, /^\/assets\/newsroom-editor\.[0-9a-f]{12}\.css$/);
    assert.match(built.script.body.toString(), /data-article-editor/);
    assert.ok(built.script.body.length > 50_000, "TipTap and ProseMirror are in it");

    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    assert.ok(manifest.inputs.includes("src/newsroom/editor/client/editor.ts"), manifest.inputs.join());
    assert.ok(manifest.inputs.includes("src/shared/body/body-urls.ts"), "shared sources count too");
    assert.ok(manifest.inputs.includes("package-lock.json"));
    assert.ok(!manifest.inputs.some((input: string) => input.includes("node_modules")));

    const cached = await ensureEditorBundle({ dir });
    assert.equal(cached.origin, "cache");
    assert.equal(cached.script.path, built.script.path);
    assert.equal(cached.stylesheet.path, built.stylesheet.path);
  });

  test("is built again when a source is newer than it, or a source it names is gone", async () => {
    const manifestFile = join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    await writeFile(manifestFile, JSON.stringify({ ...manifest, builtAt: 0 }));
    assert.equal((await ensureEditorBundle({ dir })).origin, "built");

    const fresh = JSON.parse(await readFile(manifestFile, "utf8"));
    await writeFile(manifestFile, JSON.stringify({ ...fresh, inputs: [...fresh.inputs, "src/gone.ts"] }));
    assert.equal((await ensureEditorBundle({ dir })).origin, "built");
  });

  test("is served from memory when its folder cannot be written", async () => {
    const file = join(dir, "not-a-folder");
    await writeFile(file, "");
    const said: string[] = [];
    const bundle = await ensureEditorBundle({
      dir: join(file, "inside"),
      log: (message) => said.push(message),
    });
    assert.equal(bundle.origin, "built");
    assert.match(said.join("\n"), /could not be kept in .*; serving it from memory/);
  });
});
