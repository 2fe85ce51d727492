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
  languageSwitcher: string;
  byAuthor: (name: string) => string;
  published: string;
  updated: string;
  source: string;
  topics: string;
  minutesToRead: (minutes: number) => string;
  showComments: (count: number) => string;
  commentsHeading: string;
  noCommentsYet: string;
  promotion: string;
  photo: string;
  notFoundTitle: string;
  notFoundText: string;
  backToFrontPage: string;
  tagArchiveTitle: (name: string) => string;
  noStoriesForTag: string;
  olderStories: string;
  serverErrorTitle: string;
  serverErrorText: string;
}
