import { ConfirmPage } from "../../views/confirm-page.tsx";

/** What a destructive move does, said before it is done: the second step, which needs no script. */
const CONSEQUENCES = {
  unpublish: {
    heading: "Unpublish this article?",
    text: "Readers will no longer see it: its address will answer that it is no longer available, and it leaves the front page, archives, feeds, sitemaps and search. You can publish it again from its workflow page.",
    button: "Yes, unpublish",
  },
  delete: {
    heading: "Delete this article?",
    text: "The article, its revisions and its comments are deleted; a published article is unpublished first. This cannot be undone.",
    button: "Yes, delete",
  },
} as const;

export type DestructiveMove = keyof typeof CONSEQUENCES;

export function isDestructiveMove(move: string): move is DestructiveMove {
  return move in CONSEQUENCES;
}

export function ConfirmMovePage(props: {
  articleId: number;
  title: string;
  move: DestructiveMove;
  csrfToken: string;
}) {
  const back = `/newsroom/articles/${props.articleId}/workflow`;
  return (
    <ConfirmPage
      {...CONSEQUENCES[props.move]}
      subject={props.title}
      action={`${back}/${props.move}`}
      danger
      back={back}
      csrfToken={props.csrfToken}
    />
  );
}
