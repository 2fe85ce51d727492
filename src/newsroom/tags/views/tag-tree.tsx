import type { TagKind } from "../../../db/schema.ts";
import type { ManagedTag } from "../../../tags/tag-manager.ts";
import { TAG_KINDS } from "../../../tags/tag-service.ts";

/** The kinds in the order the tree shows them, with their headings. */
export const KIND_HEADINGS: Record<TagKind, string> = {
  region: "Regions",
  country: "Countries without a region",
  section: "Sections",
  topic: "Topics",
};

const KIND_ORDER: readonly TagKind[] = ["region", "section", "topic", "country"];

/** How the newsroom calls a tag: its English name, else its first name, else its key. */
export function tagLabel(tag: ManagedTag): string {
  return tag.names.en?.name ?? Object.values(tag.names)[0]?.name ?? tag.key;
}

export function tagUrl(tagId: number): string {
  return `/newsroom/tags/${tagId}`;
}

/** The tags below `tagId` (not itself), for choices that must not make a loop. */
export function descendantIds(tags: readonly ManagedTag[], tagId: number): Set<number> {
  const below = new Set<number>();
  let frontier = [tagId];
  while (frontier.length > 0) {
    frontier = tags
      .filter((tag) => tag.parentId !== null && frontier.includes(tag.parentId) && !below.has(tag.id))
      .map((tag) => tag.id);
    for (const id of frontier) below.add(id);
  }
  return below;
}

/** "Middle East › Iran": where a tag sits, for choices and search results. */
export function tagPath(tags: readonly ManagedTag[], tag: ManagedTag): string {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const parts = [tagLabel(tag)];
  const seen = new Set([tag.id]);
  for (
    let parent = byId.get(tag.parentId ?? 0);
    parent && !seen.has(parent.id);
    parent = byId.get(parent.parentId ?? 0)
  ) {
    seen.add(parent.id);
    parts.unshift(tagLabel(parent));
  }
  return parts.join(" › ");
}

/** One <option> per tag, by path, leaving out `exclude`. */
export function TagOptions(props: {
  tags: readonly ManagedTag[];
  exclude?: ReadonlySet<number>;
  selected?: number | null;
}) {
  const choices = props.tags
    .filter((tag) => !props.exclude?.has(tag.id))
    .map((tag) => ({ id: tag.id, path: tagPath(props.tags, tag), kind: tag.kind }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return (
    <>
      {choices.map((choice) => (
        <option key={choice.id} value={String(choice.id)} selected={choice.id === props.selected}>
          {choice.path} ({choice.kind})
        </option>
      ))}
    </>
  );
}

/** A tag in a list: its name as a link, its names per edition and how many stories carry it. */
function TagItem({ tag, path }: { tag: ManagedTag; path?: string | undefined }) {
  const names = Object.entries(tag.names);
  return (
    <span class="tag-item">
      <a href={tagUrl(tag.id)}>{path ?? tagLabel(tag)}</a>{" "}
      <span class="hint">
        {names.map(([edition, name]) => (
          <span key={edition} class="tag-name">
            <span class="edition-code">{edition}</span> {name.name}
          </span>
        ))}
        <span class="tag-count">
          {tag.storyCount} {tag.storyCount === 1 ? "story" : "stories"}
        </span>
      </span>
    </span>
  );
}

function Branch({ tag, children }: { tag: ManagedTag; children: Map<number, ManagedTag[]> }) {
  const below = children.get(tag.id) ?? [];
  return (
    <li>
      <TagItem tag={tag} />
      {below.length > 0 ? (
        <ul>
          {below.map((child) => (
            <Branch key={child.id} tag={child} children={children} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The whole taxonomy: top-level tags by kind, each with the tags below it. */
export function TagTree({ tags }: { tags: readonly ManagedTag[] }) {
  const ids = new Set(tags.map((tag) => tag.id));
  const children = new Map<number, ManagedTag[]>();
  const roots: ManagedTag[] = [];
  const byLabel = (a: ManagedTag, b: ManagedTag) => tagLabel(a).localeCompare(tagLabel(b));
  for (const tag of [...tags].sort(byLabel)) {
    if (tag.parentId !== null && ids.has(tag.parentId)) {
      children.set(tag.parentId, [...(children.get(tag.parentId) ?? []), tag]);
    } else roots.push(tag);
  }
  return (
    <>
      {KIND_ORDER.map((kind) => {
        const top = roots.filter((tag) => tag.kind === kind);
        if (top.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`kind-${kind}`}>
            <h2 id={`kind-${kind}`}>{KIND_HEADINGS[kind]}</h2>
            <ul class="tag-tree">
              {top.map((tag) => (
                <Branch key={tag.id} tag={tag} children={children} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** Search results: the matching tags with where each sits. */
export function TagMatches({
  tags,
  matches,
}: {
  tags: readonly ManagedTag[];
  matches: readonly ManagedTag[];
}) {
  return (
    <ul class="tag-tree">
      {matches.map((tag) => (
        <li key={tag.id}>
          <TagItem tag={tag} path={tagPath(tags, tag)} />
        </li>
      ))}
    </ul>
  );
}

/** Tags whose key or a name contains `query`, case and accents ignored. */
export function matchTags(tags: readonly ManagedTag[], query: string): ManagedTag[] {
  const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const wanted = fold(query.trim());
  return tags.filter(
    (tag) =>
      fold(tag.key).includes(wanted) ||
      Object.values(tag.names).some((name) => fold(name.name).includes(wanted)),
  );
}

/** A tag's kind and its parent, as the new-tag form and a tag's "place in the taxonomy" ask them. */
export function KindAndParentFields(props: {
  kind: string;
  parentId: number | null;
  tags: readonly ManagedTag[];
  /** Tags that cannot be the parent (the tag itself and those under it). */
  exclude?: ReadonlySet<number>;
}) {
  return (
    <div class="field-row">
      <label>
        Kind
        <select name="kind">
          {TAG_KINDS.map((kind) => (
            <option key={kind} value={kind} selected={kind === props.kind}>
              {kind}
            </option>
          ))}
        </select>
      </label>
      <label>
        Under
        <select name="parentId">
          <option value="">(top level)</option>
          <TagOptions
            tags={props.tags}
            selected={props.parentId}
            {...(props.exclude ? { exclude: props.exclude } : {})}
          />
        </select>
      </label>
    </div>
  );
}
