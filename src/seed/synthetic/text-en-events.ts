import type { EventKind, EventTexts } from "./text-bank.ts";

/** English templates per kind of story; the Portuguese and Spanish files hold the same ones in order. */
export const EN_EVENTS: Record<EventKind, EventTexts> = {
  diplomacy: {
    titles: [
      "{c} and {c2} resume talks after months of deadlock",
      "Foreign ministers {of:c} and {c2} discuss regional security {in:city2}",
      "{org} calls for dialogue between {c} and {c2}",
      "The government {of:c} recalls its ambassador {in:city2} for consultations",
    ],
    summaries: [
      "Officials from both countries said the meeting {in:city2} was constructive, but no date was set for a formal agreement.",
      "The diplomatic push follows weeks of public disagreement between {c} and {c2} over security and trade.",
    ],
    sentences: [
      "{role} {of:c} arrived {in:city2} {day} for two days of talks with senior officials, the first such visit in more than {few} years.",
      "According to a statement released after the meeting, both sides agreed to form joint committees on trade, energy and border security.",
      "Diplomats familiar with the negotiations said a draft agreement could be ready within {few} weeks if the current momentum holds.",
      "Relations between {c} and {c2} have been strained since {year}, when a dispute over airspace and trade routes led to the expulsion of several diplomats.",
      "{org} welcomed the talks and offered to host a further round of negotiations later this year.",
      "Critics {in:c} accused the government of making concessions without consulting parliament, and opposition leaders demanded that any deal be put to a vote.",
    ],
    quotes: [
      "We have opened a new chapter, and we expect our partners to honour the commitments made today",
      "Dialogue is the only path that can guarantee stability for the people of the whole region",
    ],
  },
  conflict: {
    titles: [
      "At least {n} killed in fighting on the border between {c} and {c2}",
      "Air strikes hit residential areas {in:city} as the army announces a new offensive",
      "Armed group claims deadly attack on a checkpoint {in:c}",
      "{org} warns of civilian casualties as clashes spread {in:c}",
    ],
    summaries: [
      "Local officials said at least {n} people were killed and dozens more injured, many of them women and children.",
      "The escalation raises fears of a wider conflict in a region already struggling with displacement and economic crisis.",
    ],
    sentences: [
      "Witnesses described heavy shelling in the early hours of the morning, with several buildings reduced to rubble on the outskirts {of:city}.",
      "Hospitals in the area said they were overwhelmed and appealed for blood donations and medical supplies.",
      "The military said its operations targeted positions used by armed groups and denied that civilians had been deliberately hit.",
      "More than {big} people have fled their homes since the fighting began, according to estimates by aid agencies.",
      "{org} called for an immediate ceasefire and for humanitarian corridors to be opened without delay.",
      "It was the deadliest incident {in:c} since {year}, when a similar attack left dozens dead and triggered weeks of unrest.",
    ],
    quotes: [
      "There is no safe place left, and families are sleeping in the streets with nothing",
      "We will respond to any aggression with all the means at our disposal",
    ],
  },
  protest: {
    titles: [
      "Thousands march {in:city} against rising prices and for political reform",
      "Police fire tear gas at demonstrators outside parliament {in:city}",
      "Nationwide strike {in:c} as wage talks with the government collapse",
      "Rights groups condemn the arrest of {n} protesters {in:c}",
    ],
    summaries: [
      "Organisers said the protests would continue until the government responds to their demands on wages, prices and freedoms.",
      "The demonstrations are the largest {in:c} in years and reflect growing anger over the cost of living.",
    ],
    sentences: [
      "Crowds gathered in the main square {of:city} {day}, chanting slogans and carrying banners calling for the resignation of the government.",
      "Security forces blocked access to several streets and detained at least {n} people, according to a local lawyers' association.",
      "Trade unions representing teachers, nurses and transport workers joined the protests, saying wages had lost {pct} per cent of their value.",
      "The interior ministry said the gatherings had not been authorised and warned that it would not tolerate attacks on public property.",
      "Videos shared on social media showed protesters marching peacefully before police moved in to disperse the crowd.",
      "Similar protests in {year} forced the government to reverse a planned increase in fuel prices.",
    ],
    quotes: [
      "We are not asking for privileges, only for the right to live with dignity",
      "The government has chosen repression instead of listening to its own people",
    ],
  },
  politics: {
    titles: [
      "Voters {in:c} go to the polls in a tight parliamentary election",
      "The opposition {in:c} rejects the results and alleges electoral fraud",
      "Parliament {in:c} approves a new cabinet after months of deadlock",
      "Former minister arrested {in:c} in a widening corruption investigation",
    ],
    summaries: [
      "Turnout was estimated at {pct} per cent, and official results are expected within the next few days.",
      "The political crisis has delayed reforms demanded by international lenders and unsettled investors.",
    ],
    sentences: [
      "Polling stations opened at seven in the morning, and long queues formed in several districts {of:city} despite the heat.",
      "Observers {of:org} said the vote was largely orderly but noted reports of intimidation and vote buying in rural areas.",
      "The ruling coalition is expected to lose its majority, which would force it to negotiate with smaller parties to stay in power.",
      "Prosecutors said the investigation concerns public contracts worth more than {money}, signed between {year} and last year.",
      "Opposition leaders called on their supporters to remain calm and to wait for the final count before taking to the streets.",
      "{role} {of:c} has promised to hold early elections if parliament fails to approve the budget within {few} weeks.",
    ],
    quotes: [
      "The people have spoken, and every party must now respect their choice",
      "No one is above the law, whatever position they have held",
    ],
  },
  economy: {
    titles: [
      "Interest rates rise again {in:c} as inflation reaches {pct} per cent",
      "{c} and {c2} sign a trade agreement worth {money}",
      "{org} approves a loan of {money} for {c}",
      "The currency {of:c} hits a record low against the dollar",
    ],
    summaries: [
      "Economists warned that the measures could slow growth further in an economy already hit by high prices and unemployment.",
      "Officials said the deal would create thousands of jobs and reduce the country's dependence on imports.",
    ],
    sentences: [
      "Annual inflation reached {pct} per cent last month, the highest level since {year}, driven by food and energy prices.",
      "The agreement covers agriculture, construction and manufacturing, and includes plans for a new railway link between {city} and {city2}.",
      "Businesses {in:city} say they are struggling to pay suppliers as the currency loses value and access to credit tightens.",
      "The finance ministry expects the economy to grow by {few} per cent next year, a forecast that independent analysts consider optimistic.",
      "Public debt now exceeds {pct} per cent of gross domestic product, and interest payments absorb a growing share of the budget.",
      "Trade between the two countries reached {money} last year, according to official figures, and both governments hope to double it by the end of the decade.",
    ],
    quotes: [
      "Families can no longer afford basic goods, and salaries have not kept pace with prices",
      "This agreement sends a clear message that our economy is open for business",
    ],
  },
  humanitarian: {
    titles: [
      "Aid agencies warn of famine as food shortages worsen {in:c}",
      "Hundreds of families stranded at the border {of:c} as crossings remain closed",
      "{org} appeals for {money} for refugees {in:c}",
      "Thousands of displaced people {in:c} wait for aid as winter approaches",
    ],
    summaries: [
      "Aid workers said supplies of flour, fuel and medicine were running out and that access to the worst-hit areas remained restricted.",
      "More than {big} people depend on humanitarian assistance, according to figures published {by:org}.",
    ],
    sentences: [
      "Families arriving at the camps said they had walked for days with little food or water, leaving behind their homes and livestock.",
      "{org} said it had received only {pct} per cent of the funding it requested this year and warned that rations could be cut.",
      "The camps near {city} were designed for a few thousand people but now host more than {big}, according to local authorities.",
      "Doctors reported a rise in cases of malnutrition among children under five, as well as outbreaks of cholera and measles.",
      "The government {of:c2} has said it cannot take in more refugees without additional international support.",
      "Aid convoys have been held up for weeks at checkpoints, and humanitarian workers say permits are often refused without explanation.",
    ],
    quotes: [
      "We fled with only the clothes we were wearing, and we do not know if we will ever go back",
      "The world cannot keep looking away while an entire generation grows up in tents",
    ],
  },
  justice: {
    titles: [
      "Journalist jailed for {few} years {in:c} over social media posts",
      "Rights group documents {n} cases of torture in prisons {in:c}",
      "{org} calls for the release of activists held without trial {in:c}",
      "Women's rights activists {in:c} challenge a new law in the constitutional court",
    ],
    summaries: [
      "Lawyers for the defence said they would appeal the verdict, describing the trial as politically motivated.",
      "The report is based on interviews with former detainees, relatives and lawyers carried out over {few} months.",
    ],
    sentences: [
      "The court found the defendant guilty of spreading false news and insulting state institutions, charges that rights groups say are used to silence critics.",
      "Relatives said they had not been allowed to visit the detainees for more than {few} months and had received no information about their health.",
      "{org} said at least {n} journalists are currently behind bars {in:c}, placing the country among the worst jailers of reporters in the region.",
      "The justice ministry rejected the allegations, saying all detainees have access to lawyers and that the courts are independent.",
      "The new law, approved by parliament in {year}, restricts the activities of associations that receive funding from abroad.",
      "Diplomats from several European countries attended the hearing as observers, but journalists were not allowed inside the courtroom.",
    ],
    quotes: [
      "Journalism is not a crime, and this verdict is a message to everyone who dares to ask questions",
      "We will take this case to every court, national and international, until justice is done",
    ],
  },
  climate: {
    titles: [
      "Floods kill at least {n} people and destroy thousands of homes {in:c}",
      "Record heat {in:c} raises alarm over water shortages and failing harvests",
      "Farmers {in:c} struggle as drought dries up rivers and reservoirs",
      "{c} and {c2} pledge to cut emissions ahead of the climate summit",
    ],
    summaries: [
      "Emergency services said the death toll could rise as rescue teams reach villages cut off by the water.",
      "Scientists say the region is warming faster than the global average, making extreme weather more frequent.",
    ],
    sentences: [
      "Heavy rain fell for {few} consecutive days, causing rivers to burst their banks and flooding roads, schools and hospitals.",
      "Temperatures {in:city} exceeded 48 degrees Celsius this week, and the authorities ordered outdoor work to stop during the afternoon.",
      "The agriculture ministry estimates that {pct} per cent of this year's wheat harvest has been lost.",
      "The reservoirs that supply {city} are at their lowest level since records began, and water is being rationed in several neighbourhoods.",
      "Environmental groups accused the government of failing to invest in flood defences despite repeated warnings since {year}.",
      "{org} has estimated that climate-related disasters cost the region more than {money} every year.",
    ],
    quotes: [
      "We lost everything in a single night, our house, our animals and our fields",
      "The climate crisis is not a distant threat here, it is already part of daily life",
    ],
  },
  health: {
    titles: [
      "Cholera outbreak spreads {in:c} with {n} new cases confirmed",
      "Doctors {in:c} strike over unpaid salaries and shortages of medicine",
      "Thousands of schools {in:c} remain closed as teachers demand better pay",
      "{org} launches a vaccination campaign for {big} children {in:c}",
    ],
    summaries: [
      "Hospitals are operating with a fraction of the staff and equipment they need, according to the national medical association.",
      "Officials said the campaign aims to reach children in remote areas who missed routine vaccinations in recent years.",
      "Teachers say they cannot live on their salaries, and parents worry that their children are falling behind.",
    ],
    sentences: [
      "The health ministry said {n} people had died since the outbreak was first detected, most of them in poor districts with limited access to clean water.",
      "Doctors say many patients cannot afford treatment, and some medicines have disappeared from pharmacies altogether.",
      "Teachers' unions say salaries have not been adjusted since {year}, forcing many to take second jobs to support their families.",
      "{org} said it would send medical teams and supplies to the most affected areas within the coming days.",
      "Only {pct} per cent of children in rural areas completed their vaccinations last year, far fewer than in the cities.",
      "Parents {in:city} said classrooms were overcrowded, with more than {n} pupils sharing a single room in some schools.",
    ],
    quotes: [
      "We are doing our best, but we cannot treat patients without medicine, electricity or staff",
      "Every child deserves to learn in a safe classroom with a teacher who is paid properly",
    ],
  },
  energy: {
    titles: [
      "{c} and {c2} sign a gas supply deal worth {money}",
      "Oil prices rise after an attack on a pipeline {in:c}",
      "Nuclear talks with {c} resume {in:city2} amid doubts over inspections",
      "Power cuts of up to {few} hours a day spark anger {in:c}",
    ],
    summaries: [
      "The agreement is expected to cover a significant share of domestic demand and reduce reliance on more expensive imports.",
      "Officials blamed ageing infrastructure and fuel shortages, while residents said the cuts were the worst in years.",
      "Analysts said the disruption could push prices higher if repairs take longer than expected.",
      "Western diplomats said progress depended on restoring full access for international inspectors.",
    ],
    sentences: [
      "Under the deal, gas will be delivered through a new pipeline starting next year, with volumes rising gradually over the following decade.",
      "Brent crude rose {few} per cent in early trading as investors weighed the risk of further disruption to supplies from the region.",
      "Inspectors from the International Atomic Energy Agency have not had full access to several sites since {year}, according to diplomats.",
      "Residents {of:city} said they had to throw away food and that small businesses were losing money every time the power went out.",
      "The government has announced plans to generate {pct} per cent of the country's electricity from solar and wind power by 2035.",
      "Energy exports account for more than half of government revenue, leaving the budget exposed to swings in global prices.",
    ],
    quotes: [
      "This project will guarantee energy security for our citizens for decades to come",
      "We pay our bills every month, yet we sit in the dark for most of the day",
    ],
  },
  culture: {
    titles: [
      "Archaeologists uncover an ancient city beneath farmland near {city}",
      "Film festival {in:city} opens with a record {n} entries",
      "The national team {of:c} qualifies for the World Cup after beating {c2}",
      "Technology start-ups {in:city} attract record investment despite the slowdown",
    ],
    summaries: [
      "Organisers said the event showed the strength of the region's cultural scene despite years of crisis and censorship.",
      "Thousands of fans celebrated in the streets until the early hours of the morning.",
      "Researchers said the discovery could change what is known about trade in the region in ancient times.",
      "Founders say a new generation of engineers is building products for customers across the region.",
    ],
    sentences: [
      "The excavation, led by a joint team of local and foreign researchers, has uncovered houses, workshops and a temple more than two thousand years old.",
      "This year's programme includes {n} films, {few} of them directed by women, and screenings in refugee camps and small towns.",
      "The victory sparked celebrations across the country, and the government declared the following day a public holiday.",
      "Investors say young companies {in:city} are finding customers across the region, particularly in payments, logistics and education.",
      "The ministry of culture said the site would be opened to visitors once conservation work is complete, possibly within {few} years.",
      "Religious leaders from different communities attended the ceremony {in:city}, in a rare display of unity.",
    ],
    quotes: [
      "Culture is how we tell our own story, in our own words, to the rest of the world",
      "This is a victory for everyone who believed in this team when nobody else did",
    ],
  },
};
