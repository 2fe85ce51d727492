import type { EventKind, EventTexts } from "./text-bank.ts";

/** Portuguese (Brazil) templates, in the order of the English ones. */
export const PT_EVENTS: Record<EventKind, EventTexts> = {
  diplomacy: {
    titles: [
      "{c} e {c2} retomam diálogo após meses de impasse",
      "Chanceleres {of:c} e {of:c2} discutem segurança regional {in:city2}",
      "{org} pede diálogo entre {c} e {c2}",
      "Governo {of:c} chama de volta seu embaixador {in:city2} para consultas",
    ],
    summaries: [
      "Autoridades dos dois países afirmaram que a reunião {in:city2} foi construtiva, mas nenhuma data foi marcada para um acordo formal.",
      "A ofensiva diplomática ocorre após semanas de divergências públicas entre {c} e {c2} sobre segurança e comércio.",
    ],
    sentences: [
      "{role} {of:c} chegou {in:city2} {day} para dois dias de conversas com altos funcionários, a primeira visita do tipo em mais de {few} anos.",
      "Segundo um comunicado divulgado após o encontro, os dois lados concordaram em criar comitês conjuntos de comércio, energia e segurança de fronteiras.",
      "Diplomatas a par das negociações disseram que um rascunho de acordo pode ficar pronto em {few} semanas se o ritmo atual for mantido.",
      "As relações entre {c} e {c2} estão estremecidas desde {year}, quando uma disputa sobre espaço aéreo e rotas comerciais levou à expulsão de vários diplomatas.",
      "{org} saudou as conversas e se ofereceu para sediar uma nova rodada de negociações ainda este ano.",
      "Críticos {in:c} acusaram o governo de fazer concessões sem consultar o Parlamento, e líderes da oposição exigiram que qualquer acordo seja submetido a votação.",
    ],
    quotes: [
      "Abrimos um novo capítulo e esperamos que nossos parceiros honrem os compromissos assumidos hoje",
      "O diálogo é o único caminho capaz de garantir estabilidade para os povos de toda a região",
    ],
  },
  conflict: {
    titles: [
      "Pelo menos {n} mortos em combates na fronteira entre {c} e {c2}",
      "Ataques aéreos atingem áreas residenciais {in:city} e Exército anuncia nova ofensiva",
      "Grupo armado reivindica ataque mortal a posto de controle {in:c}",
      "{org} alerta para vítimas civis com avanço dos confrontos {in:c}",
    ],
    summaries: [
      "Autoridades locais disseram que pelo menos {n} pessoas morreram e dezenas ficaram feridas, muitas delas mulheres e crianças.",
      "A escalada aumenta o temor de um conflito mais amplo em uma região que já enfrenta deslocamentos e crise econômica.",
    ],
    sentences: [
      "Testemunhas descreveram bombardeios intensos nas primeiras horas da manhã, com vários prédios reduzidos a escombros na periferia {of:city}.",
      "Hospitais da região disseram estar sobrecarregados e fizeram um apelo por doações de sangue e suprimentos médicos.",
      "As Forças Armadas afirmaram que as operações tiveram como alvo posições usadas por grupos armados e negaram ter atingido civis deliberadamente.",
      "Mais de {big} pessoas deixaram suas casas desde o início dos combates, segundo estimativas de agências humanitárias.",
      "{org} pediu um cessar-fogo imediato e a abertura, sem demora, de corredores humanitários.",
      "Foi o incidente mais letal {in:c} desde {year}, quando um ataque semelhante deixou dezenas de mortos e provocou semanas de instabilidade.",
    ],
    quotes: [
      "Não resta nenhum lugar seguro, e há famílias dormindo nas ruas sem nada",
      "Responderemos a qualquer agressão com todos os meios à nossa disposição",
    ],
  },
  protest: {
    titles: [
      "Milhares marcham {in:city} contra a alta dos preços e por reformas políticas",
      "Polícia usa gás lacrimogêneo contra manifestantes diante do Parlamento {in:city}",
      "Greve nacional {in:c} após fracasso das negociações salariais com o governo",
      "Entidades de direitos humanos condenam prisão de {n} manifestantes {in:c}",
    ],
    summaries: [
      "Os organizadores disseram que os protestos continuarão até que o governo responda às reivindicações sobre salários, preços e liberdades.",
      "As manifestações são as maiores {in:c} em anos e refletem a crescente revolta com o custo de vida.",
    ],
    sentences: [
      "Multidões se reuniram na praça principal {of:city} {day}, entoando palavras de ordem e carregando faixas que pediam a renúncia do governo.",
      "As forças de segurança bloquearam o acesso a várias ruas e detiveram pelo menos {n} pessoas, segundo uma associação local de advogados.",
      "Sindicatos de professores, enfermeiros e trabalhadores dos transportes aderiram aos protestos, afirmando que os salários perderam {pct}% do seu valor.",
      "O Ministério do Interior afirmou que as manifestações não haviam sido autorizadas e advertiu que não tolerará ataques ao patrimônio público.",
      "Vídeos compartilhados nas redes sociais mostraram manifestantes marchando pacificamente antes de a polícia intervir para dispersar a multidão.",
      "Protestos semelhantes em {year} obrigaram o governo a recuar de um aumento previsto no preço dos combustíveis.",
    ],
    quotes: [
      "Não pedimos privilégios, apenas o direito de viver com dignidade",
      "O governo escolheu a repressão em vez de ouvir o próprio povo",
    ],
  },
  politics: {
    titles: [
      "Eleitores {in:c} vão às urnas em eleição parlamentar acirrada",
      "Oposição {in:c} rejeita resultados e denuncia fraude eleitoral",
      "Parlamento {in:c} aprova novo gabinete após meses de impasse",
      "Ex-ministro é preso {in:c} em investigação de corrupção cada vez mais ampla",
    ],
    summaries: [
      "O comparecimento foi estimado em {pct}%, e os resultados oficiais são esperados nos próximos dias.",
      "A crise política atrasou reformas exigidas por credores internacionais e deixou os investidores apreensivos.",
    ],
    sentences: [
      "Os locais de votação abriram às sete da manhã, e longas filas se formaram em vários bairros {of:city} apesar do calor.",
      "Observadores {of:org} disseram que a votação foi em geral ordeira, mas relataram denúncias de intimidação e compra de votos em áreas rurais.",
      "A coalizão governista deve perder a maioria, o que a obrigaria a negociar com partidos menores para se manter no poder.",
      "Os promotores disseram que a investigação envolve contratos públicos de mais de {money}, assinados entre {year} e o ano passado.",
      "Líderes da oposição pediram a seus apoiadores que mantenham a calma e aguardem a apuração final antes de ir às ruas.",
      "{role} {of:c} prometeu convocar eleições antecipadas se o Parlamento não aprovar o orçamento em {few} semanas.",
    ],
    quotes: [
      "O povo falou, e todos os partidos devem agora respeitar a sua escolha",
      "Ninguém está acima da lei, seja qual for o cargo que tenha ocupado",
    ],
  },
  economy: {
    titles: [
      "Juros sobem de novo {in:c} com inflação de {pct}%",
      "{c} e {c2} assinam acordo comercial de {money}",
      "{org} aprova empréstimo de {money} para {c}",
      "Moeda {of:c} atinge mínima histórica frente ao dólar",
    ],
    summaries: [
      "Economistas alertaram que as medidas podem desacelerar ainda mais uma economia já afetada por preços altos e desemprego.",
      "Autoridades afirmaram que o acordo vai gerar milhares de empregos e reduzir a dependência do país de importações.",
    ],
    sentences: [
      "A inflação anual chegou a {pct}% no mês passado, o maior nível desde {year}, puxada pelos preços de alimentos e energia.",
      "O acordo abrange agricultura, construção e indústria, e inclui planos para uma nova ligação ferroviária entre {city} e {city2}.",
      "Empresários {in:city} dizem ter dificuldades para pagar fornecedores enquanto a moeda se desvaloriza e o crédito fica mais escasso.",
      "O Ministério das Finanças prevê crescimento de {few}% no próximo ano, uma projeção que analistas independentes consideram otimista.",
      "A dívida pública já supera {pct}% do produto interno bruto, e o pagamento de juros consome uma parcela crescente do orçamento.",
      "O comércio entre os dois países atingiu {money} no ano passado, segundo dados oficiais, e os dois governos esperam dobrá-lo até o fim da década.",
    ],
    quotes: [
      "As famílias já não conseguem comprar produtos básicos, e os salários não acompanharam os preços",
      "Este acordo envia uma mensagem clara de que a nossa economia está aberta aos negócios",
    ],
  },
  humanitarian: {
    titles: [
      "Agências humanitárias alertam para risco de fome com escassez de alimentos {in:c}",
      "Centenas de famílias ficam retidas na fronteira {of:c} com passagens fechadas",
      "{org} pede {money} para refugiados {in:c}",
      "Milhares de deslocados {in:c} aguardam ajuda com a chegada do inverno",
    ],
    summaries: [
      "Trabalhadores humanitários disseram que os estoques de farinha, combustível e remédios estão acabando e que o acesso às áreas mais afetadas continua restrito.",
      "Mais de {big} pessoas dependem de assistência humanitária, segundo dados divulgados {by:org}.",
    ],
    sentences: [
      "Famílias que chegam aos acampamentos contaram ter caminhado durante dias com pouca comida e água, deixando para trás suas casas e seus animais.",
      "{org} informou ter recebido apenas {pct}% do financiamento solicitado para este ano e alertou que as rações podem ser reduzidas.",
      "Os acampamentos perto {of:city} foram planejados para alguns milhares de pessoas, mas hoje abrigam mais de {big}, segundo as autoridades locais.",
      "Médicos relataram aumento dos casos de desnutrição entre crianças menores de cinco anos, além de surtos de cólera e sarampo.",
      "O governo {of:c2} afirmou que não pode receber mais refugiados sem apoio internacional adicional.",
      "Comboios de ajuda ficaram retidos por semanas em postos de controle, e trabalhadores humanitários dizem que as autorizações costumam ser negadas sem explicação.",
    ],
    quotes: [
      "Fugimos só com a roupa do corpo e não sabemos se um dia vamos voltar",
      "O mundo não pode continuar desviando o olhar enquanto uma geração inteira cresce em barracas",
    ],
  },
  justice: {
    titles: [
      "Jornalista é condenado a {few} anos de prisão {in:c} por publicações nas redes",
      "Organização de direitos humanos documenta {n} casos de tortura em prisões {in:c}",
      "{org} pede libertação de ativistas presos sem julgamento {in:c}",
      "Ativistas pelos direitos das mulheres {in:c} contestam nova lei na Corte Constitucional",
    ],
    summaries: [
      "Os advogados de defesa disseram que vão recorrer da sentença e classificaram o julgamento como politicamente motivado.",
      "O relatório se baseia em entrevistas com ex-detentos, familiares e advogados realizadas ao longo de {few} meses.",
    ],
    sentences: [
      "O tribunal considerou o réu culpado de divulgar notícias falsas e ofender instituições do Estado, acusações que entidades de direitos humanos dizem ser usadas para silenciar críticos.",
      "Familiares disseram que não puderam visitar os detidos por mais de {few} meses e que não receberam nenhuma informação sobre seu estado de saúde.",
      "{org} afirmou que ao menos {n} jornalistas estão atualmente presos {in:c}, o que coloca o país entre os que mais prendem repórteres na região.",
      "O Ministério da Justiça rejeitou as acusações, afirmando que todos os detidos têm acesso a advogados e que os tribunais são independentes.",
      "A nova lei, aprovada pelo Parlamento em {year}, restringe as atividades de associações que recebem financiamento do exterior.",
      "Diplomatas de vários países europeus acompanharam a audiência como observadores, mas os jornalistas foram impedidos de entrar na sala.",
    ],
    quotes: [
      "Jornalismo não é crime, e esta sentença é um recado a todos que ousam fazer perguntas",
      "Levaremos este caso a todos os tribunais, nacionais e internacionais, até que se faça justiça",
    ],
  },
  climate: {
    titles: [
      "Enchentes matam pelo menos {n} pessoas e destroem milhares de casas {in:c}",
      "Calor recorde {in:c} acende alerta sobre falta de água e perdas nas colheitas",
      "Agricultores {in:c} sofrem com seca que esvazia rios e reservatórios",
      "{c} e {c2} prometem cortar emissões antes da cúpula do clima",
    ],
    summaries: [
      "Os serviços de emergência disseram que o número de mortos pode aumentar à medida que as equipes de resgate chegam a vilarejos isolados pela água.",
      "Cientistas afirmam que a região está aquecendo mais rápido que a média global, o que torna os eventos extremos mais frequentes.",
    ],
    sentences: [
      "Chuvas fortes caíram por {few} dias seguidos, fazendo rios transbordarem e inundando estradas, escolas e hospitais.",
      "As temperaturas {in:city} passaram de 48 graus Celsius nesta semana, e as autoridades suspenderam o trabalho ao ar livre durante a tarde.",
      "O Ministério da Agricultura estima que {pct}% da safra de trigo deste ano foi perdida.",
      "Os reservatórios que abastecem {city} estão no nível mais baixo desde o início dos registros, e a água está sendo racionada em vários bairros.",
      "Grupos ambientalistas acusaram o governo de não investir em proteção contra enchentes apesar dos alertas repetidos desde {year}.",
      "{org} estimou que os desastres relacionados ao clima custam à região mais de {money} por ano.",
    ],
    quotes: [
      "Perdemos tudo em uma única noite, nossa casa, nossos animais e nossas plantações",
      "A crise climática não é uma ameaça distante aqui, ela já faz parte do dia a dia",
    ],
  },
  health: {
    titles: [
      "Surto de cólera se espalha {in:c} com {n} novos casos confirmados",
      "Médicos {in:c} entram em greve por salários atrasados e falta de remédios",
      "Milhares de escolas {in:c} continuam fechadas com greve de professores",
      "{org} lança campanha de vacinação para {big} crianças {in:c}",
    ],
    summaries: [
      "Os hospitais funcionam com uma fração da equipe e dos equipamentos de que precisam, segundo a associação médica nacional.",
      "Segundo as autoridades, a campanha pretende alcançar crianças de áreas remotas que perderam vacinas de rotina nos últimos anos.",
      "Os professores dizem que não conseguem viver com o salário, e os pais temem que os filhos fiquem para trás.",
    ],
    sentences: [
      "O Ministério da Saúde informou que {n} pessoas morreram desde que o surto foi detectado, a maioria em bairros pobres com pouco acesso a água potável.",
      "Médicos dizem que muitos pacientes não conseguem pagar pelo tratamento e que alguns remédios sumiram completamente das farmácias.",
      "Sindicatos de professores afirmam que os salários não são reajustados desde {year}, o que obriga muitos a ter um segundo emprego para sustentar a família.",
      "{org} informou que vai enviar equipes médicas e suprimentos às áreas mais afetadas nos próximos dias.",
      "Apenas {pct}% das crianças das áreas rurais completaram a vacinação no ano passado, bem menos do que nas cidades.",
      "Pais {in:city} disseram que as salas de aula estão superlotadas, com mais de {n} alunos dividindo o mesmo espaço em algumas escolas.",
    ],
    quotes: [
      "Estamos fazendo o possível, mas não podemos tratar pacientes sem remédios, eletricidade ou pessoal",
      "Toda criança merece aprender em uma sala de aula segura, com um professor que receba um salário digno",
    ],
  },
  energy: {
    titles: [
      "{c} e {c2} assinam acordo de gás de {money}",
      "Preço do petróleo sobe após ataque a oleoduto {in:c}",
      "Negociações nucleares com {c} recomeçam {in:city2} sob dúvidas sobre inspeções",
      "Apagões de até {few} horas por dia provocam revolta {in:c}",
    ],
    summaries: [
      "O acordo deve cobrir uma parte significativa da demanda interna e reduzir a dependência de importações mais caras.",
      "Autoridades culparam a infraestrutura envelhecida e a falta de combustível, enquanto moradores disseram que os cortes são os piores em anos.",
      "Analistas disseram que a interrupção pode elevar ainda mais os preços se os reparos demorarem mais do que o previsto.",
      "Diplomatas ocidentais disseram que qualquer avanço depende da retomada do acesso pleno dos inspetores internacionais.",
    ],
    sentences: [
      "Pelo acordo, o gás será entregue por um novo gasoduto a partir do próximo ano, com volumes crescentes ao longo da década seguinte.",
      "O petróleo Brent subiu {few}% nas primeiras negociações, com investidores avaliando o risco de novas interrupções no fornecimento da região.",
      "Inspetores da Agência Internacional de Energia Atômica não têm acesso total a várias instalações desde {year}, segundo diplomatas.",
      "Moradores {of:city} contaram que tiveram de jogar comida fora e que pequenos comércios perdem dinheiro cada vez que a luz acaba.",
      "O governo anunciou planos de gerar {pct}% da eletricidade do país a partir de energia solar e eólica até 2035.",
      "As exportações de energia respondem por mais da metade da receita do governo, o que deixa o orçamento exposto às oscilações dos preços internacionais.",
    ],
    quotes: [
      "Este projeto vai garantir a segurança energética dos nossos cidadãos por décadas",
      "Pagamos as contas todo mês e, mesmo assim, passamos a maior parte do dia no escuro",
    ],
  },
  culture: {
    titles: [
      "Arqueólogos descobrem cidade antiga sob plantações perto {of:city}",
      "Festival de cinema {in:city} começa com recorde de {n} filmes inscritos",
      "Seleção {of:c} se classifica para a Copa do Mundo após vencer {c2}",
      "Startups de tecnologia {in:city} atraem investimento recorde apesar da desaceleração",
    ],
    summaries: [
      "Os organizadores disseram que o evento mostra a força da cena cultural da região, apesar de anos de crise e censura.",
      "Milhares de torcedores comemoraram nas ruas até a madrugada.",
      "Os pesquisadores disseram que a descoberta pode mudar o que se sabe sobre o comércio na região na Antiguidade.",
      "Os fundadores dizem que uma nova geração de engenheiros está criando produtos para clientes em toda a região.",
    ],
    sentences: [
      "A escavação, conduzida por uma equipe conjunta de pesquisadores locais e estrangeiros, revelou casas, oficinas e um templo com mais de dois mil anos.",
      "A programação deste ano inclui {n} filmes, {few} deles dirigidos por mulheres, além de sessões em campos de refugiados e pequenas cidades.",
      "A vitória provocou comemorações em todo o país, e o governo decretou feriado no dia seguinte.",
      "Investidores dizem que empresas jovens {in:city} estão conquistando clientes em toda a região, sobretudo nas áreas de pagamentos, logística e educação.",
      "O Ministério da Cultura informou que o sítio será aberto a visitantes quando os trabalhos de conservação forem concluídos, possivelmente em {few} anos.",
      "Líderes religiosos de diferentes comunidades participaram da cerimônia {in:city}, em uma rara demonstração de unidade.",
    ],
    quotes: [
      "A cultura é a forma de contarmos a nossa própria história, com as nossas palavras, ao resto do mundo",
      "Esta é uma vitória de todos que acreditaram neste time quando ninguém mais acreditava",
    ],
  },
};
