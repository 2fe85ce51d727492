import type { DiffPart, FieldDiff } from "../text-diff.ts";

/** Diff runs as text with <ins> and <del> (escaped like any text: nothing in them is markup). */
export function DiffText({ parts }: { parts: readonly DiffPart[] }) {
  if (parts.length === 0) return <p class="hint">(empty)</p>;
  return (
    <div class="diff-text">
      {parts.map((part, index) =>
        part.kind === "added" ? (
          <ins key={index}>{part.text}</ins>
        ) : part.kind === "removed" ? (
          <del key={index}>{part.text}</del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </div>
  );
}

/** Title, summary and text, each with its changes marked; unchanged fields say so. */
export function FieldDiffs({ fields }: { fields: readonly FieldDiff[] }) {
  const changed = fields.filter((field) => field.changed);
  if (changed.length === 0) return <p>No differences in the title, summary or text.</p>;
  return (
    <div class="diff">
      {fields.map((field) => (
        <section key={field.field} class="diff-field" data-field={field.field}>
          <h3>
            {field.label}
            {field.changed ? null : <span class="hint"> (unchanged)</span>}
          </h3>
          {field.changed ? <DiffText parts={field.parts} /> : null}
        </section>
      ))}
    </div>
  );
}
