import { plural } from "../../shared/i18n/plural.ts";
import type { CommentMessages } from "./comment-messages.ts";

export const pt: CommentMessages = {
  showComments: "Mostrar comentários",
  showCommentsCount: (_count, formatted) => `Mostrar comentários (${formatted})`,
  readAndJoin: "Leia os comentários e participe da conversa",
  threadTitle: (title) => `Comentários: ${title}`,
  backToArticle: "Voltar à reportagem",
  commentCount: (count, formatted) =>
    plural("pt", count, { one: `${formatted} comentário`, other: `${formatted} comentários` }),
  noComments: "Ainda não há comentários. Seja o primeiro a comentar.",
  oldestFirst: "Mais antigos primeiro",
  newestFirst: "Mais recentes primeiro",
  order: "Ordem",
  reply: "Responder",
  replyTo: (name) => `Responder a ${name}`,
  inReplyTo: (name) => `em resposta a ${name}`,
  cancelReply: "Escrever um novo comentário",
  flag: "Denunciar",
  flagged: "Obrigado. Um moderador vai analisar este comentário.",
  removed: "Este comentário foi removido.",
  verified: "Leitor verificado",
  edited: "editado por um moderador",
  writeComment: "Escreva um comentário",
  name: "Nome",
  email: "E-mail",
  emailHelp: "Nunca é exibido.",
  text: "Comentário",
  textHelp: (maxLength, maxLinks) =>
    `Texto simples, até ${maxLength} caracteres e ${plural("pt", maxLinks, { one: `${maxLinks} link`, other: `${maxLinks} links` })}.`,
  honeypot: "Deixe este campo vazio",
  post: "Publicar comentário",
  posted: "Seu comentário foi publicado.",
  postedPending: "Obrigado. Seu comentário aparecerá assim que um moderador o aprovar.",
  closed: "Os comentários desta reportagem estão encerrados.",
  signInTitle: "Comente como leitor verificado",
  signInIntro:
    "Digite seu e-mail e enviaremos um link para entrar. Leitores verificados não precisam informar o e-mail a cada vez.",
  signInSend: "Enviar link de acesso",
  signInSent: "Se esse endereço recebe mensagens, um link de acesso está a caminho. Ele vale por 30 minutos.",
  signInConfirmTitle: "Entrar para comentar",
  signInConfirm: "Entrar",
  signedInAs: (name) => `Conectado como ${name}`,
  signOut: "Sair",
  verifiedHelp: "Leitores verificados podem deixar o e-mail em branco.",
  signInLink: "Entrar por e-mail",
  mailSubject: (siteName) => `Seu link de acesso para comentar no ${siteName}`,
  mailText: (link, minutes) =>
    `Siga este link para entrar e comentar como leitor verificado:\n\n${link}\n\nO link funciona uma vez, por ${minutes} minutos. Se você não o pediu, ignore este e-mail.`,
  refusalTitle: "Seu comentário não foi publicado",
  refusals: {
    FORM_UNREADABLE: () =>
      "O formulário chegou incompleto ou malformado. Recarregue a página e tente de novo.",
    FORM_ENCODING: () =>
      "O formulário não foi enviado como texto UTF-8. Recarregue a página e tente de novo.",
    FORM_TYPE: () => "Os comentários são enviados pelo formulário desta página.",
    FIELD_REPEATED: ({ field }) =>
      `O campo “${field}” foi enviado mais de uma vez. Use o formulário desta página.`,
    NAME_REQUIRED: () => "Digite seu nome.",
    NAME_TOO_LONG: ({ limit }) => `Seu nome é longo demais; use no máximo ${limit} caracteres.`,
    EMAIL_REQUIRED: () => "Digite seu e-mail. Ele nunca é exibido.",
    EMAIL_INVALID: () => "Esse e-mail não parece correto. Confira, por exemplo nome@exemplo.org.",
    TEXT_REQUIRED: () => "Escreva seu comentário primeiro.",
    TEXT_TOO_LONG: ({ limit, actual }) =>
      `Seu comentário tem ${actual} caracteres; o limite é ${limit}. Encurte-o e publique de novo.`,
    PARENT_INVALID: () =>
      "O comentário que você respondeu não está mais disponível. Publique seu texto como novo comentário.",
    HONEYPOT: () =>
      "Seu comentário pareceu automático. Se você é uma pessoa, deixe vazio o campo “Deixe este campo vazio”.",
    CLOSED: () => "Os comentários desta reportagem estão encerrados.",
    BANNED: () => "Comentários seus não são aceitos aqui. Se acha que é um engano, escreva à redação.",
    RATE_LIMITED: ({ minutes }) =>
      `Você publicou vários comentários em pouco tempo. Tente de novo em ${minutes} minutos.`,
    TOO_MANY_LINKS: ({ limit, actual }) =>
      `Seu comentário tem ${actual} links; são permitidos no máximo ${limit}. Remova alguns e publique de novo.`,
    BLOCKED_WORDS: () =>
      "Seu comentário contém palavras que não publicamos. Reescreva-o sem insultos nem ameaças e publique de novo.",
    DUPLICATE: () => "Você já publicou este comentário.",
    FLAG_LIMIT: () => "Você denunciou muitos comentários em pouco tempo. Tente mais tarde.",
    SIGN_IN_UNAVAILABLE: () =>
      "O acesso por e-mail não está disponível no momento. Você ainda pode comentar informando seu e-mail.",
    SIGN_IN_LIMIT: () =>
      "Já enviamos vários links de acesso. Confira sua caixa de entrada ou tente daqui a uma hora.",
    TOKEN_INVALID: () => "Este link de acesso expirou ou já foi usado. Peça um novo.",
    BUSY: () =>
      "Há tanta gente escrevendo neste momento que o seu comentário ainda não pôde ser salvo. Ele continua no formulário: publique de novo em alguns segundos.",
  },
};
