#!/usr/bin/env node
// `npm run build:newsroom`: builds the newsroom editor's browser bundle (TipTap, bundled by esbuild)
// into data/build/newsroom/, whatever is there. Not needed before `npm start`: the server builds it
// itself when it is missing or older than its sources (see src/newsroom/editor/editor-bundle.ts).
import { register } from "tsx/esm/api";

register();
const { EDITOR_BUNDLE_DIR, ensureEditorBundle } = await import("../src/newsroom/editor/editor-bundle.ts");
const started = Date.now();
const bundle = await ensureEditorBundle({ force: true, log: (message) => console.warn(message) });
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
console.log(
  `Built the newsroom editor in ${Date.now() - started} ms into ${EDITOR_BUNDLE_DIR}: ` +
    `${bundle.script.path} (${kb(bundle.script.body.length)}), ${bundle.stylesheet.path} (${kb(bundle.stylesheet.body.length)})`,
);
