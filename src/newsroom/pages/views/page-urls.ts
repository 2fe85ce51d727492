/** The newsroom's addresses of a page. */
export const pageEditUrl = (id: number) => `/newsroom/pages/${id}/edit`;
export const pageActionUrl = (id: number, action: "publish" | "unpublish" | "delete" | "translate") =>
  `/newsroom/pages/${id}/${action}`;
export const pagePreviewUrl = (id: number) => `/newsroom/pages/${id}/preview`;
