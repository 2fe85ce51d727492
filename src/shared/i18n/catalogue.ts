/** Every interface string the reader site shows; each language's catalogue must define all of them. */
export interface Catalogue {
  skipToContent: string;
  mainNavigation: string;
  frontPageTitle: string;
  latestStories: string;
  noStoriesYet: string;
  readCallout: string;
  /** Marks a link whose text is in another language, e.g. "(in English)". */
  inLanguage: (language: string) => string;
  /** The footer's list of every edition's front page. */
  footerEditions: string;
  /** The header: the section menu's label, the control that opens it on phones, the editions' label. */
  sectionMenu: string;
  menuButton: string;
  editionSwitcher: string;
  /** After an edition's name in its own language: the link leads to its front, the page has no counterpart there. */
  editionFrontNote: string;
  /** The footer's list of the edition's pages (about, contact, privacy…). */
  sitePages: string;
  byAuthor: (name: string) => string;
  published: string;
  /** A preview's date line: the article is scheduled for that time. */
  scheduledFor: string;
  /** A preview's date line: a draft, never published. */
  notPublishedYet: string;
  updated: string;
  /** The heading of the corrections at an article's foot: "Correction", "Corrections". */
  corrections: (count: number) => string;
  source: string;
  topics: string;
  minutesToRead: (minutes: number) => string;
  showComments: (count: number) => string;
  commentsHeading: string;
  noCommentsYet: string;
  promotion: string;
  /** The play control of an embedded video or sound card; the card links to the original without script. */
  embedPlay: string;
  /** The same control on an embedded post (X, Instagram, Facebook). */
  embedShowPost: string;
  photo: string;
  notFoundTitle: string;
  notFoundText: string;
  /** A page that was published and has been withdrawn (410). */
  goneTitle: string;
  goneText: string;
  backToFrontPage: string;
  tagArchiveTitle: (name: string) => string;
  noStoriesForTag: string;
  olderStories: string;
  authorArchiveTitle: (name: string) => string;
  dayArchiveTitle: (day: string) => string;
  monthArchiveTitle: (month: string) => string;
  noStoriesInArchive: string;
  newestStories: string;
  pagination: string;
  moreOnThis: string;
  /** The heading of the box of the edition's stories read most in the last 24 hours. */
  mostRead: string;
  /** Live coverage: the label on lists and the page, the section's heading and its notes. */
  live: string;
  liveUpdates: string;
  liveKeyEvent: string;
  livePinned: string;
  liveEnded: string;
  liveNoUpdates: string;
  share: string;
  shareByEmail: string;
  badRequestTitle: string;
  badRequestText: string;
  serverErrorTitle: string;
  serverErrorText: string;
  /** 503 and 429: the site sheds load, or the database is busy; the request may be repeated. */
  busyTitle: string;
  busyText: string;
  /** Other 4xx a reader's browser can send: a form or upload too large, a body of the wrong type. */
  unacceptableTitle: string;
  unacceptableText: string;
  /** An autodiscovery link's title: the page's feed in a format, e.g. "Latest news (RSS feed)". */
  feedLinkTitle: (title: string, format: string) => string;
  /** What a feed reader shows under an edition's feed. */
  editionFeedDescription: (siteName: string) => string;
  tagFeedDescription: (tagName: string, siteName: string) => string;
  /** Search: the header box's label and button, and the search page. */
  search: string;
  searchTitle: string;
  /** The page title for a query, e.g. `Search: retirada`. */
  searchResultsTitle: (query: string) => string;
  /** "1 result", "12 results"; `formatted` is the count in the edition's number format. */
  searchResultCount: (count: number, formatted: string) => string;
  /** When the count is a lower bound: "More than 1,000 results". */
  searchResultCountMore: (formatted: string) => string;
  searchNoResults: (query: string) => string;
  searchEmptyQuery: string;
  /** Part of a very long query was ignored. */
  searchTruncated: string;
  searchFilters: string;
  searchTopic: string;
  searchAnyTopic: string;
  searchFrom: string;
  searchTo: string;
  previousPage: string;
  nextPage: string;
  pageOf: (page: number, count: number) => string;
}
