import type { WordList } from "./word-list.ts";

export const es: WordList = {
  reject: [
    "matate",
    "te voy a matar",
    "mereces morir",
    "ojala te mueras",
    "muerte a todos",
    "hay que exterminar",
    "hay que matarlos a todos",
  ],
  hold: [
    "idiota*",
    "imbecil*",
    "estupido*",
    "gilipollas",
    "subnormal*",
    "escoria",
    "basura humana",
    "alimana*",
    "parasitos",
    "callate",
  ],
  spam: [
    "gana dinero",
    "dinero facil",
    "casino*",
    "apuestas online",
    "haz clic aqui",
    "prestamo rapido",
    "trabaja desde casa",
    "compra seguidores",
  ],
};
