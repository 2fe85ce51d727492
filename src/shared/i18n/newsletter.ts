/** Every string of the newsletters readers see (forms, pages, e-mails), in each edition's language. */
export interface NewsletterCatalogue {
  formHeading: string;
  formHelp: string;
  email: string;
  subscribe: string;
  subscribeTitle: string;
  /** After the form: the same whether or not the address was subscribed already. */
  checkInbox: string;
  invalidEmail: string;
  tooMany: string;
  unavailable: string;
  confirmTitle: string;
  confirmButton: string;
  confirmed: string;
  linkInvalid: string;
  unsubscribeTitle: string;
  unsubscribeQuestion: string;
  unsubscribeButton: string;
  unsubscribed: string;
  backToFront: string;
  confirmSubject: (siteName: string) => string;
  confirmText: (siteName: string, link: string) => string;
  digestSubject: (siteName: string, count: number) => string;
  digestIntro: (siteName: string) => string;
  readMore: string;
  unsubscribeFooter: string;
}

const en: NewsletterCatalogue = {
  formHeading: "Newsletter",
  formHelp: "New stories of this edition by e-mail. You can unsubscribe at any time.",
  email: "E-mail address",
  subscribe: "Subscribe",
  subscribeTitle: "Newsletter",
  checkInbox:
    "Check your inbox: we sent a link to confirm the subscription, if it was not confirmed already.",
  invalidEmail: "Enter an e-mail address such as name@example.org.",
  tooMany: "Too many sign-ups from here just now. Please try again in an hour.",
  unavailable: "The newsletter is not available on this site.",
  confirmTitle: "Confirm your subscription",
  confirmButton: "Confirm subscription",
  confirmed: "Your subscription is confirmed. The next digest will reach you.",
  linkInvalid: "This link is not valid (it may have expired). Subscribe again to get a new one.",
  unsubscribeTitle: "Unsubscribe",
  unsubscribeQuestion: "Stop receiving this newsletter?",
  unsubscribeButton: "Unsubscribe",
  unsubscribed: "You are unsubscribed and will receive no more digests.",
  backToFront: "Back to the front page",
  confirmSubject: (site) => `Confirm your subscription to ${site}`,
  confirmText: (site, link) =>
    `Someone, probably you, asked to receive the newsletter of ${site} at this address.\n\nTo confirm, open this link:\n${link}\n\nIf it was not you, ignore this message: nothing will be sent.\n`,
  digestSubject: (site, count) => `${site}: ${count} new ${count === 1 ? "story" : "stories"}`,
  digestIntro: (site) => `New on ${site}:`,
  readMore: "Read",
  unsubscribeFooter: "Unsubscribe",
};

const pt: NewsletterCatalogue = {
  formHeading: "Newsletter",
  formHelp: "As novas reportagens desta edição por e-mail. Cancele quando quiser.",
  email: "Endereço de e-mail",
  subscribe: "Assinar",
  subscribeTitle: "Newsletter",
  checkInbox:
    "Veja sua caixa de entrada: enviamos um link para confirmar a assinatura, se ela ainda não estava confirmada.",
  invalidEmail: "Digite um endereço de e-mail como nome@exemplo.org.",
  tooMany: "Muitas inscrições daqui agora. Tente de novo em uma hora.",
  unavailable: "A newsletter não está disponível neste site.",
  confirmTitle: "Confirme sua assinatura",
  confirmButton: "Confirmar assinatura",
  confirmed: "Sua assinatura está confirmada. Você receberá o próximo resumo.",
  linkInvalid: "Este link não é válido (pode ter expirado). Assine de novo para receber outro.",
  unsubscribeTitle: "Cancelar assinatura",
  unsubscribeQuestion: "Deixar de receber esta newsletter?",
  unsubscribeButton: "Cancelar assinatura",
  unsubscribed: "Sua assinatura foi cancelada. Você não receberá mais resumos.",
  backToFront: "Voltar à página inicial",
  confirmSubject: (site) => `Confirme sua assinatura de ${site}`,
  confirmText: (site, link) =>
    `Alguém, provavelmente você, pediu para receber a newsletter de ${site} neste endereço.\n\nPara confirmar, abra este link:\n${link}\n\nSe não foi você, ignore esta mensagem: nada será enviado.\n`,
  digestSubject: (site, count) =>
    `${site}: ${count} ${count === 1 ? "nova reportagem" : "novas reportagens"}`,
  digestIntro: (site) => `Novidades em ${site}:`,
  readMore: "Ler",
  unsubscribeFooter: "Cancelar assinatura",
};

const es: NewsletterCatalogue = {
  formHeading: "Boletín",
  formHelp: "Las nuevas historias de esta edición por correo. Puede darse de baja cuando quiera.",
  email: "Correo electrónico",
  subscribe: "Suscribirse",
  subscribeTitle: "Boletín",
  checkInbox:
    "Revise su bandeja de entrada: enviamos un enlace para confirmar la suscripción, si aún no estaba confirmada.",
  invalidEmail: "Escriba una dirección de correo como nombre@ejemplo.org.",
  tooMany: "Demasiadas suscripciones desde aquí ahora. Inténtelo de nuevo en una hora.",
  unavailable: "El boletín no está disponible en este sitio.",
  confirmTitle: "Confirme su suscripción",
  confirmButton: "Confirmar suscripción",
  confirmed: "Su suscripción está confirmada. Recibirá el próximo resumen.",
  linkInvalid: "Este enlace no es válido (puede haber caducado). Suscríbase de nuevo para recibir otro.",
  unsubscribeTitle: "Darse de baja",
  unsubscribeQuestion: "¿Dejar de recibir este boletín?",
  unsubscribeButton: "Darse de baja",
  unsubscribed: "Se ha dado de baja y no recibirá más resúmenes.",
  backToFront: "Volver a la portada",
  confirmSubject: (site) => `Confirme su suscripción a ${site}`,
  confirmText: (site, link) =>
    `Alguien, probablemente usted, pidió recibir el boletín de ${site} en esta dirección.\n\nPara confirmar, abra este enlace:\n${link}\n\nSi no fue usted, ignore este mensaje: no se enviará nada.\n`,
  digestSubject: (site, count) => `${site}: ${count} ${count === 1 ? "historia nueva" : "historias nuevas"}`,
  digestIntro: (site) => `Novedades en ${site}:`,
  readMore: "Leer",
  unsubscribeFooter: "Darse de baja",
};

const catalogues: Readonly<Record<string, NewsletterCatalogue>> = { en, pt, es };

/** The newsletter strings of a language (English for one without its own). */
export function newsletterMessagesFor(language: string): NewsletterCatalogue {
  return catalogues[language] ?? en;
}
