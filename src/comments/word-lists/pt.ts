import type { WordList } from "./word-list.ts";

export const pt: WordList = {
  reject: [
    "se mata",
    "vai se matar",
    "vou te matar",
    "vou matar voce",
    "voce merece morrer",
    "morte a todos",
    "tem que exterminar",
    "tem que matar todos",
  ],
  hold: [
    "idiota*",
    "imbecil*",
    "otario*",
    "canalha*",
    "vagabundo*",
    "lixo humano",
    "verme*",
    "sub-humano*",
    "cala a boca",
    "retardado*",
  ],
  spam: [
    "ganhe dinheiro",
    "renda extra",
    "cassino*",
    "apostas online",
    "clique aqui",
    "emprestimo facil",
    "trabalhe em casa",
    "compre seguidores",
  ],
};
