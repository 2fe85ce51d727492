import type { EventKind, EventTexts } from "./text-bank.ts";

/** Spanish templates, in the order of the English ones. */
export const ES_EVENTS: Record<EventKind, EventTexts> = {
  diplomacy: {
    titles: [
      "{c} y {c2} retoman el diálogo tras meses de bloqueo",
      "Cancilleres {of:c} y {of:c2} debaten la seguridad regional {in:city2}",
      "{org} pide diálogo entre {c} y {c2}",
      "El Gobierno {of:c} llama a consultas a su embajador {in:city2}",
    ],
    summaries: [
      "Funcionarios de ambos países afirmaron que la reunión {in:city2} fue constructiva, pero no se fijó fecha para un acuerdo formal.",
      "La ofensiva diplomática llega tras semanas de desacuerdos públicos entre {c} y {c2} sobre seguridad y comercio.",
    ],
    sentences: [
      "{role} {of:c} llegó {in:city2} {day} para dos días de conversaciones con altos funcionarios, la primera visita de este tipo en más de {few} años.",
      "Según un comunicado difundido tras el encuentro, ambas partes acordaron crear comisiones conjuntas de comercio, energía y seguridad fronteriza.",
      "Diplomáticos al tanto de las negociaciones dijeron que un borrador de acuerdo podría estar listo en {few} semanas si se mantiene el ritmo actual.",
      "Las relaciones entre {c} y {c2} están tensas desde {year}, cuando una disputa sobre el espacio aéreo y las rutas comerciales llevó a la expulsión de varios diplomáticos.",
      "{org} celebró las conversaciones y se ofreció a acoger una nueva ronda de negociaciones este mismo año.",
      "Críticos {in:c} acusaron al Gobierno de hacer concesiones sin consultar al Parlamento, y los líderes de la oposición exigieron que cualquier acuerdo se someta a votación.",
    ],
    quotes: [
      "Hemos abierto un nuevo capítulo y esperamos que nuestros socios cumplan los compromisos asumidos hoy",
      "El diálogo es el único camino capaz de garantizar la estabilidad para los pueblos de toda la región",
    ],
  },
  conflict: {
    titles: [
      "Al menos {n} muertos en combates en la frontera entre {c} y {c2}",
      "Ataques aéreos contra zonas residenciales {in:city} y el Ejército anuncia una ofensiva",
      "Un grupo armado reivindica un ataque mortal contra un control {in:c}",
      "{org} advierte de víctimas civiles por los enfrentamientos {in:c}",
    ],
    summaries: [
      "Las autoridades locales informaron de que al menos {n} personas murieron y decenas resultaron heridas, muchas de ellas mujeres y niños.",
      "La escalada aviva el temor a un conflicto más amplio en una región que ya sufre desplazamientos y crisis económica.",
    ],
    sentences: [
      "Testigos describieron intensos bombardeos en las primeras horas de la mañana, con varios edificios reducidos a escombros en las afueras {of:city}.",
      "Los hospitales de la zona dijeron estar desbordados y pidieron donaciones de sangre y suministros médicos.",
      "El Ejército afirmó que sus operaciones iban dirigidas contra posiciones de grupos armados y negó haber atacado deliberadamente a civiles.",
      "Más de {big} personas han huido de sus hogares desde que comenzaron los combates, según estimaciones de agencias humanitarias.",
      "{org} pidió un alto el fuego inmediato y la apertura sin demora de corredores humanitarios.",
      "Fue el incidente más mortífero {in:c} desde {year}, cuando un ataque similar dejó decenas de muertos y desencadenó semanas de disturbios.",
    ],
    quotes: [
      "No queda ningún lugar seguro, y hay familias durmiendo en la calle sin nada",
      "Responderemos a cualquier agresión con todos los medios a nuestra disposición",
    ],
  },
  protest: {
    titles: [
      "Miles de personas marchan {in:city} contra la carestía y por reformas",
      "La policía lanza gases lacrimógenos contra manifestantes ante el Parlamento {in:city}",
      "Huelga nacional {in:c} tras fracasar las negociaciones salariales con el Gobierno",
      "Las ONG condenan la detención de {n} manifestantes {in:c}",
    ],
    summaries: [
      "Los organizadores aseguraron que las protestas continuarán hasta que el Gobierno responda a sus demandas sobre salarios, precios y libertades.",
      "Las manifestaciones son las mayores {in:c} en años y reflejan el creciente malestar por el coste de la vida.",
    ],
    sentences: [
      "Una multitud se concentró en la plaza principal {of:city} {day}, coreando consignas y portando pancartas que pedían la dimisión del Gobierno.",
      "Las fuerzas de seguridad cortaron el acceso a varias calles y detuvieron al menos a {n} personas, según una asociación local de abogados.",
      "Los sindicatos de docentes, enfermeros y trabajadores del transporte se sumaron a las protestas, al afirmar que los salarios han perdido un {pct} % de su valor.",
      "El Ministerio del Interior afirmó que las concentraciones no estaban autorizadas y advirtió de que no tolerará ataques contra la propiedad pública.",
      "Vídeos compartidos en redes sociales mostraban a los manifestantes marchando pacíficamente antes de que la policía interviniera para dispersar a la multitud.",
      "Protestas similares en {year} obligaron al Gobierno a dar marcha atrás en una subida prevista del precio del combustible.",
    ],
    quotes: [
      "No pedimos privilegios, solo el derecho a vivir con dignidad",
      "El Gobierno ha elegido la represión en lugar de escuchar a su propio pueblo",
    ],
  },
  politics: {
    titles: [
      "Los votantes {in:c} acuden a las urnas en unas legislativas reñidas",
      "La oposición {in:c} rechaza los resultados y denuncia fraude electoral",
      "El Parlamento {in:c} aprueba un nuevo gabinete tras meses de bloqueo",
      "Detenido un exministro {in:c} en una amplia investigación por corrupción",
    ],
    summaries: [
      "La participación se estimó en un {pct} %, y los resultados oficiales se esperan en los próximos días.",
      "La crisis política ha retrasado reformas exigidas por los acreedores internacionales y ha inquietado a los inversores.",
    ],
    sentences: [
      "Los colegios electorales abrieron a las siete de la mañana, y se formaron largas colas en varios barrios {of:city} pese al calor.",
      "Los observadores {of:org} dijeron que la votación fue en general ordenada, pero señalaron denuncias de intimidación y compra de votos en zonas rurales.",
      "Se espera que la coalición gobernante pierda la mayoría, lo que la obligaría a negociar con partidos más pequeños para seguir en el poder.",
      "La Fiscalía indicó que la investigación afecta a contratos públicos por valor de más de {money}, firmados entre {year} y el año pasado.",
      "Los líderes de la oposición pidieron a sus seguidores que mantengan la calma y esperen al recuento final antes de salir a la calle.",
      "{role} {of:c} ha prometido convocar elecciones anticipadas si el Parlamento no aprueba el presupuesto en {few} semanas.",
    ],
    quotes: [
      "El pueblo ha hablado, y todos los partidos deben respetar ahora su decisión",
      "Nadie está por encima de la ley, sea cual sea el cargo que haya ocupado",
    ],
  },
  economy: {
    titles: [
      "Nueva subida de tipos {in:c} ante una inflación del {pct} %",
      "{c} y {c2} firman un acuerdo comercial de {money}",
      "{org} aprueba un préstamo de {money} para {c}",
      "La moneda {of:c} cae a un mínimo histórico frente al dólar",
    ],
    summaries: [
      "Los economistas advirtieron de que las medidas podrían frenar aún más una economía ya golpeada por los precios altos y el desempleo.",
      "Las autoridades afirmaron que el acuerdo creará miles de empleos y reducirá la dependencia del país de las importaciones.",
    ],
    sentences: [
      "La inflación interanual alcanzó el {pct} % el mes pasado, el nivel más alto desde {year}, impulsada por los precios de los alimentos y la energía.",
      "El acuerdo abarca la agricultura, la construcción y la industria, e incluye planes para una nueva conexión ferroviaria entre {city} y {city2}.",
      "Los empresarios {in:city} aseguran que tienen dificultades para pagar a sus proveedores mientras la moneda se devalúa y el crédito se encarece.",
      "El Ministerio de Finanzas prevé un crecimiento del {few} % el próximo año, una previsión que los analistas independientes consideran optimista.",
      "La deuda pública supera ya el {pct} % del producto interior bruto, y el pago de intereses absorbe una parte creciente del presupuesto.",
      "El comercio entre ambos países alcanzó {money} el año pasado, según datos oficiales, y los dos gobiernos esperan duplicarlo antes de que acabe la década.",
    ],
    quotes: [
      "Las familias ya no pueden permitirse los productos básicos, y los salarios no han seguido el ritmo de los precios",
      "Este acuerdo envía un mensaje claro de que nuestra economía está abierta a los negocios",
    ],
  },
  humanitarian: {
    titles: [
      "Las agencias humanitarias alertan de hambruna por la escasez de alimentos {in:c}",
      "Cientos de familias atrapadas en la frontera {of:c} con los pasos cerrados",
      "{org} pide {money} para refugiados {in:c}",
      "Miles de desplazados {in:c} esperan ayuda ante la llegada del invierno",
    ],
    summaries: [
      "Los trabajadores humanitarios dijeron que las reservas de harina, combustible y medicinas se agotan y que el acceso a las zonas más afectadas sigue restringido.",
      "Más de {big} personas dependen de la ayuda humanitaria, según datos publicados {by:org}.",
    ],
    sentences: [
      "Las familias que llegan a los campamentos relataron que caminaron durante días con poca comida y agua, dejando atrás sus casas y su ganado.",
      "{org} informó de que solo ha recibido el {pct} % de la financiación solicitada para este año y advirtió de que las raciones podrían reducirse.",
      "Los campamentos cercanos {to:city} se diseñaron para unos pocos miles de personas, pero ya acogen a más de {big}, según las autoridades locales.",
      "Los médicos informaron de un aumento de los casos de desnutrición entre menores de cinco años, así como de brotes de cólera y sarampión.",
      "El Gobierno {of:c2} ha dicho que no puede acoger a más refugiados sin apoyo internacional adicional.",
      "Los convoyes de ayuda llevan semanas retenidos en puestos de control, y los trabajadores humanitarios denuncian que los permisos se deniegan a menudo sin explicación.",
    ],
    quotes: [
      "Huimos solo con lo puesto y no sabemos si algún día podremos volver",
      "El mundo no puede seguir mirando hacia otro lado mientras una generación entera crece en tiendas de campaña",
    ],
  },
  justice: {
    titles: [
      "Condenado a {few} años de cárcel un periodista {in:c} por sus publicaciones",
      "Una ONG documenta {n} casos de tortura en cárceles {in:c}",
      "{org} pide liberar a los activistas presos sin juicio {in:c}",
      "Feministas {in:c} recurren ante el Constitucional una nueva ley",
    ],
    summaries: [
      "Los abogados de la defensa anunciaron que recurrirán el fallo y calificaron el juicio de motivado políticamente.",
      "El informe se basa en entrevistas con antiguos detenidos, familiares y abogados realizadas a lo largo de {few} meses.",
    ],
    sentences: [
      "El tribunal declaró al acusado culpable de difundir noticias falsas e insultar a las instituciones del Estado, cargos que según los grupos de derechos humanos se usan para silenciar a los críticos.",
      "Los familiares dijeron que no han podido visitar a los detenidos desde hace más de {few} meses y que no han recibido información sobre su salud.",
      "{org} afirmó que al menos {n} periodistas están actualmente encarcelados {in:c}, lo que sitúa al país entre los que más encarcelan a informadores en la región.",
      "El Ministerio de Justicia rechazó las acusaciones y aseguró que todos los detenidos tienen acceso a abogados y que los tribunales son independientes.",
      "La nueva ley, aprobada por el Parlamento en {year}, restringe las actividades de las asociaciones que reciben financiación del extranjero.",
      "Diplomáticos de varios países europeos asistieron a la vista como observadores, pero a los periodistas no se les permitió entrar en la sala.",
    ],
    quotes: [
      "El periodismo no es un delito, y esta sentencia es un mensaje para todos los que se atreven a hacer preguntas",
      "Llevaremos este caso a todos los tribunales, nacionales e internacionales, hasta que se haga justicia",
    ],
  },
  climate: {
    titles: [
      "Las inundaciones dejan al menos {n} muertos y miles de desplazados {in:c}",
      "El calor récord {in:c} dispara la alarma por la falta de agua",
      "Los agricultores {in:c} luchan contra una sequía que vacía ríos y embalses",
      "{c} y {c2} prometen recortar emisiones antes de la cumbre del clima",
    ],
    summaries: [
      "Los servicios de emergencia advirtieron de que la cifra de muertos podría aumentar a medida que los equipos de rescate lleguen a aldeas aisladas por el agua.",
      "Los científicos afirman que la región se calienta más rápido que la media mundial, lo que hace más frecuentes los fenómenos extremos.",
    ],
    sentences: [
      "Las fuertes lluvias cayeron durante {few} días consecutivos, desbordaron los ríos e inundaron carreteras, escuelas y hospitales.",
      "Las temperaturas {in:city} superaron los 48 grados centígrados esta semana, y las autoridades suspendieron el trabajo al aire libre por la tarde.",
      "El Ministerio de Agricultura calcula que se ha perdido el {pct} % de la cosecha de trigo de este año.",
      "Los embalses que abastecen {to:city} están en su nivel más bajo desde que hay registros, y el agua se raciona en varios barrios.",
      "Los grupos ecologistas acusaron al Gobierno de no invertir en defensas contra las inundaciones pese a las repetidas advertencias desde {year}.",
      "{org} ha calculado que los desastres relacionados con el clima cuestan a la región más de {money} al año.",
    ],
    quotes: [
      "Lo hemos perdido todo en una sola noche, nuestra casa, nuestros animales y nuestros campos",
      "La crisis climática no es una amenaza lejana aquí, ya forma parte de la vida diaria",
    ],
  },
  health: {
    titles: [
      "El brote de cólera se extiende {in:c} con {n} nuevos casos confirmados",
      "Huelga de médicos {in:c} por salarios impagados y falta de medicamentos",
      "Miles de escuelas {in:c} siguen cerradas por la huelga de docentes",
      "{org} lanza una campaña de vacunación para {big} niños {in:c}",
    ],
    summaries: [
      "Los hospitales funcionan con una fracción del personal y del material que necesitan, según el colegio médico nacional.",
      "Según las autoridades, la campaña pretende llegar a niños de zonas remotas que no recibieron las vacunas rutinarias en los últimos años.",
      "Los docentes aseguran que no pueden vivir con su salario, y los padres temen que sus hijos se queden atrás.",
    ],
    sentences: [
      "El Ministerio de Sanidad informó de que {n} personas han muerto desde que se detectó el brote, la mayoría en barrios pobres con escaso acceso a agua potable.",
      "Los médicos señalan que muchos pacientes no pueden pagar el tratamiento y que algunos medicamentos han desaparecido por completo de las farmacias.",
      "Los sindicatos docentes afirman que los salarios no se actualizan desde {year}, lo que obliga a muchos a tener un segundo empleo para mantener a sus familias.",
      "{org} anunció que enviará equipos médicos y suministros a las zonas más afectadas en los próximos días.",
      "Solo el {pct} % de los niños de las zonas rurales completó la vacunación el año pasado, muchos menos que en las ciudades.",
      "Los padres {in:city} denunciaron que las aulas están masificadas, con más de {n} alumnos compartiendo una misma clase en algunas escuelas.",
    ],
    quotes: [
      "Hacemos todo lo posible, pero no podemos tratar a los pacientes sin medicamentos, electricidad ni personal",
      "Todos los niños merecen aprender en un aula segura, con un docente que reciba un salario digno",
    ],
  },
  energy: {
    titles: [
      "{c} y {c2} firman un acuerdo de gas de {money}",
      "El petróleo sube tras un ataque contra un oleoducto {in:c}",
      "Las negociaciones nucleares con {c} se reanudan {in:city2} entre dudas",
      "Los apagones de hasta {few} horas diarias provocan indignación {in:c}",
    ],
    summaries: [
      "Se espera que el acuerdo cubra una parte importante de la demanda interna y reduzca la dependencia de importaciones más caras.",
      "Las autoridades culparon a la infraestructura obsoleta y a la escasez de combustible, mientras los vecinos dijeron que los cortes son los peores en años.",
      "Los analistas señalaron que la interrupción podría encarecer aún más los precios si las reparaciones se alargan más de lo previsto.",
      "Diplomáticos occidentales afirmaron que cualquier avance depende de que se restablezca el pleno acceso de los inspectores internacionales.",
    ],
    sentences: [
      "Según el acuerdo, el gas se suministrará a través de un nuevo gasoducto a partir del próximo año, con volúmenes crecientes durante la década siguiente.",
      "El crudo Brent subió un {few} % en las primeras operaciones, mientras los inversores sopesaban el riesgo de nuevas interrupciones del suministro en la región.",
      "Los inspectores del Organismo Internacional de Energía Atómica no tienen pleno acceso a varias instalaciones desde {year}, según diplomáticos.",
      "Los vecinos {of:city} contaron que han tenido que tirar comida y que los pequeños comercios pierden dinero cada vez que se va la luz.",
      "El Gobierno ha anunciado planes para generar el {pct} % de la electricidad del país con energía solar y eólica de aquí a 2035.",
      "Las exportaciones de energía suponen más de la mitad de los ingresos del Estado, lo que deja el presupuesto expuesto a los vaivenes de los precios internacionales.",
    ],
    quotes: [
      "Este proyecto garantizará la seguridad energética de nuestros ciudadanos durante décadas",
      "Pagamos las facturas cada mes y, aun así, pasamos la mayor parte del día a oscuras",
    ],
  },
  culture: {
    titles: [
      "Arqueólogos descubren una ciudad antigua bajo campos de cultivo cerca {of:city}",
      "El festival de cine {in:city} arranca con un récord de {n} películas",
      "La selección {of:c} se clasifica para el Mundial tras ganar {to:c2}",
      "Las empresas emergentes {in:city} atraen una inversión récord pese a la desaceleración",
    ],
    summaries: [
      "Los organizadores afirmaron que el evento demuestra la fuerza de la escena cultural de la región pese a años de crisis y censura.",
      "Miles de aficionados celebraron en las calles hasta la madrugada.",
      "Los investigadores afirmaron que el hallazgo podría cambiar lo que se sabe sobre el comercio en la región en la Antigüedad.",
      "Los fundadores aseguran que una nueva generación de ingenieros está creando productos para clientes de toda la región.",
    ],
    sentences: [
      "La excavación, dirigida por un equipo conjunto de investigadores locales y extranjeros, ha sacado a la luz casas, talleres y un templo de más de dos mil años.",
      "La programación de este año incluye {n} películas, {few} de ellas dirigidas por mujeres, y proyecciones en campos de refugiados y pueblos pequeños.",
      "La victoria desató celebraciones en todo el país, y el Gobierno declaró festivo el día siguiente.",
      "Los inversores aseguran que las empresas jóvenes {in:city} están ganando clientes en toda la región, sobre todo en pagos, logística y educación.",
      "El Ministerio de Cultura informó de que el yacimiento se abrirá a los visitantes cuando concluyan los trabajos de conservación, posiblemente en {few} años.",
      "Líderes religiosos de distintas comunidades asistieron a la ceremonia {in:city}, en una inusual muestra de unidad.",
    ],
    quotes: [
      "La cultura es nuestra manera de contar nuestra propia historia, con nuestras palabras, al resto del mundo",
      "Esta es una victoria de todos los que creyeron en este equipo cuando nadie más lo hacía",
    ],
  },
};
