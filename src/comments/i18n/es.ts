import { plural } from "../../shared/i18n/plural.ts";
import type { CommentMessages } from "./comment-messages.ts";

export const es: CommentMessages = {
  showComments: "Mostrar comentarios",
  showCommentsCount: (_count, formatted) => `Mostrar comentarios (${formatted})`,
  readAndJoin: "Lea los comentarios y participe en la conversación",
  threadTitle: (title) => `Comentarios: ${title}`,
  backToArticle: "Volver a la noticia",
  commentCount: (count, formatted) =>
    plural("es", count, { one: `${formatted} comentario`, other: `${formatted} comentarios` }),
  noComments: "Todavía no hay comentarios. Sea el primero en comentar.",
  oldestFirst: "Más antiguos primero",
  newestFirst: "Más recientes primero",
  order: "Orden",
  reply: "Responder",
  replyTo: (name) => `Responder a ${name}`,
  inReplyTo: (name) => `en respuesta a ${name}`,
  cancelReply: "Escribir un comentario nuevo",
  flag: "Denunciar",
  flagged: "Gracias. Un moderador revisará este comentario.",
  removed: "Este comentario fue retirado.",
  verified: "Lector verificado",
  edited: "editado por un moderador",
  writeComment: "Escriba un comentario",
  name: "Nombre",
  email: "Correo electrónico",
  emailHelp: "Nunca se muestra.",
  text: "Comentario",
  textHelp: (maxLength, maxLinks) =>
    `Texto sin formato, hasta ${maxLength} caracteres y ${plural("es", maxLinks, { one: `${maxLinks} enlace`, other: `${maxLinks} enlaces` })}.`,
  honeypot: "Deje este campo vacío",
  post: "Publicar comentario",
  posted: "Su comentario está publicado.",
  postedPending: "Gracias. Su comentario aparecerá en cuanto un moderador lo apruebe.",
  closed: "Los comentarios de esta noticia están cerrados.",
  signInTitle: "Comente como lector verificado",
  signInIntro:
    "Escriba su correo y le enviaremos un enlace para entrar. Los lectores verificados no necesitan escribir su correo cada vez.",
  signInSend: "Enviarme un enlace de acceso",
  signInSent: "Si esa dirección recibe correo, un enlace de acceso va en camino. Vale durante 30 minutos.",
  signInConfirmTitle: "Entrar para comentar",
  signInConfirm: "Entrar",
  signedInAs: (name) => `Ha entrado como ${name}`,
  signOut: "Salir",
  verifiedHelp: "Los lectores verificados pueden dejar el correo vacío.",
  signInLink: "Entrar por correo",
  mailSubject: (siteName) => `Su enlace de acceso para comentar en ${siteName}`,
  mailText: (link, minutes) =>
    `Siga este enlace para entrar y comentar como lector verificado:\n\n${link}\n\nEl enlace sirve una vez, durante ${minutes} minutos. Si no lo pidió, ignore este correo.`,
  refusalTitle: "Su comentario no se publicó",
  refusals: {
    FORM_UNREADABLE: () =>
      "El formulario llegó incompleto o mal formado. Recargue la página e inténtelo de nuevo.",
    FORM_ENCODING: () =>
      "El formulario no se envió como texto UTF-8. Recargue la página e inténtelo de nuevo.",
    FORM_TYPE: () => "Los comentarios se envían con el formulario de esta página.",
    FIELD_REPEATED: ({ field }) =>
      `El campo «${field}» se envió más de una vez. Use el formulario de esta página.`,
    NAME_REQUIRED: () => "Escriba su nombre.",
    NAME_TOO_LONG: ({ limit }) => `Su nombre es demasiado largo; use como máximo ${limit} caracteres.`,
    EMAIL_REQUIRED: () => "Escriba su correo electrónico. Nunca se muestra.",
    EMAIL_INVALID: () => "Ese correo no parece correcto. Revíselo, por ejemplo nombre@ejemplo.org.",
    TEXT_REQUIRED: () => "Escriba primero su comentario.",
    TEXT_TOO_LONG: ({ limit, actual }) =>
      `Su comentario tiene ${actual} caracteres; el límite es ${limit}. Acórtelo y publíquelo de nuevo.`,
    PARENT_INVALID: () =>
      "El comentario al que respondía ya no está. Publique su texto como comentario nuevo.",
    HONEYPOT: () =>
      "Su comentario pareció automático. Si es usted una persona, deje vacío el campo «Deje este campo vacío».",
    CLOSED: () => "Los comentarios de esta noticia están cerrados.",
    BANNED: () => "Aquí no se aceptan sus comentarios. Si cree que es un error, escriba a la redacción.",
    RATE_LIMITED: ({ minutes }) =>
      `Ha publicado varios comentarios en poco tiempo. Inténtelo de nuevo dentro de ${minutes} minutos.`,
    TOO_MANY_LINKS: ({ limit, actual }) =>
      `Su comentario tiene ${actual} enlaces; se permiten como máximo ${limit}. Quite algunos y publíquelo de nuevo.`,
    BLOCKED_WORDS: () =>
      "Su comentario contiene palabras que no publicamos. Reescríbalo sin insultos ni amenazas y publíquelo de nuevo.",
    DUPLICATE: () => "Ya ha publicado este comentario.",
    FLAG_LIMIT: () => "Ha denunciado muchos comentarios en poco tiempo. Inténtelo más tarde.",
    SIGN_IN_UNAVAILABLE: () =>
      "El acceso por correo no está disponible ahora. Puede comentar igualmente escribiendo su correo.",
    SIGN_IN_LIMIT: () =>
      "Ya enviamos varios enlaces de acceso. Revise su bandeja de entrada o inténtelo dentro de una hora.",
    TOKEN_INVALID: () => "Este enlace de acceso caducó o ya se usó. Pida uno nuevo.",
    BUSY: () =>
      "Hay tanta gente escribiendo en este momento que su comentario aún no se ha podido guardar. Sigue en el formulario: publíquelo de nuevo en unos segundos.",
  },
};
