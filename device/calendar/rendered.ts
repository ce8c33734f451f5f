/** A name or a sentence as the wall shows it in each of its languages. */
export type Rendered = { en: string; he: string };
