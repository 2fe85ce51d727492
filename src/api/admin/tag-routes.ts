import { Type } from "typebox";
import type { Actor } from "../../accounts/authorization/policy.ts";
import type { Db } from "../../db/database.ts";
import type { ContentEvents } from "../../shared/content-events.ts";
import { NotFoundError, ValidationError } from "../../shared/errors.ts";
import { TagManager, type TagNamesForm } from "../../tags/tag-manager.ts";
import { problemResponses } from "../api-schemas.ts";
import type { ApiScope } from "../api-scope.ts";
import { ADMIN_OPERATION, type NewTag, type TagChanges } from "./admin-schemas.ts";
import { apiActor } from "./bearer-auth.ts";

/** Tags through the newsroom's tag manager (editors and admins): create, rename per edition. */
export function tagRoutes(scope: ApiScope, deps: { db: Db; events: ContentEvents | undefined }): void {
  const manager = new TagManager(deps.db, deps.events);
  const common = ADMIN_OPERATION;

  const view = async (actor: Actor, tagId: number) => {
    const tag = await manager.get(actor, tagId);
    const parent =
      tag.parentId === null
        ? undefined
        : await deps.db.selectFrom("tags").select("key").where("id", "=", tag.parentId).executeTakeFirst();
    return { id: tag.id, key: tag.key, kind: tag.kind, parentKey: parent?.key ?? null, names: tag.names };
  };
  const idOfKey = async (key: string, field: string) => {
    const row = await deps.db.selectFrom("tags").select("id").where("key", "=", key).executeTakeFirst();
    if (row) return row.id;
    if (field === "key") throw new NotFoundError("tag", key.slice(0, 100));
    throw new ValidationError(field, `there is no tag with the key "${key.slice(0, 100)}"`);
  };

  scope.post(
    "/v1/tags",
    {
      schema: {
        ...common,
        operationId: "createTag",
        summary: "Create a tag",
        description: "A region, country, section or topic, named in one or more editions (editors, admins).",
        body: Type.Ref("NewTag") as unknown as typeof NewTag,
        response: { 201: Type.Ref("AdminTag"), ...problemResponses(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = apiActor(request);
      const input = request.body;
      const parentId = input.parentKey == null ? null : await idOfKey(input.parentKey, "parentKey");
      const tag = await manager.create(
        actor,
        { kind: input.kind, parentId, names: input.names },
        { ip: request.ip },
      );
      return reply.code(201).send(await view(actor, tag.id));
    },
  );

  scope.patch(
    "/v1/tags/:key",
    {
      schema: {
        ...common,
        operationId: "updateTag",
        summary: "Rename a tag in some editions",
        description:
          "Names, slugs and descriptions per edition; editions not sent keep theirs. An old slug keeps leading to the tag.",
        params: Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Ref("TagChanges") as unknown as typeof TagChanges,
        response: { 200: Type.Ref("AdminTag"), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request) => {
      const actor = apiActor(request);
      const tagId = await idOfKey(request.params.key, "key");
      const current = await manager.get(actor, tagId);
      const form: TagNamesForm = {};
      for (const [edition, change] of Object.entries(request.body.names)) {
        const stored = current.names[edition];
        form[edition] = {
          name: change.name,
          slug: change.slug ?? stored?.slug ?? "",
          description:
            change.description === undefined ? (stored?.description ?? "") : (change.description ?? ""),
        };
      }
      await manager.edit(actor, tagId, form, { ip: request.ip });
      return view(actor, tagId);
    },
  );
}
