/**
 * A tiny hand-made catalog for unit tests of search: a few well-known titles,
 * people and collections typed in by hand (not copied from the data sets), with
 * the traps search must handle: remakes with the same title, original titles,
 * articles, punctuation, accents, a title in both catalogs.
 */
import Database from 'better-sqlite3';
import { type Db, schemaSql } from '../../src/catalog/catalog.js';
import { normalizeKey } from '../../src/text/normalize.js';

type Movie = [id: number, title: string, original: string, year: number, votes: number, collection?: number];

export const TINY_MOVIES: Movie[] = [
  [862, 'Toy Story', 'Toy Story', 1995, 5415, 10194],
  [863, 'Toy Story 2', 'Toy Story 2', 1999, 3914, 10194],
  [329, 'Jurassic Park', 'Jurassic Park', 1993, 4956],
  [603, 'The Matrix', 'The Matrix', 1999, 9079],
  [807, 'Se7en', 'Se7en', 1995, 5915],
  [601, 'E.T. the Extra-Terrestrial', 'E.T. the Extra-Terrestrial', 1982, 3359],
  [539, 'Psycho', 'Psycho', 1960, 2405],
  [11252, 'Psycho', 'Psycho', 1998, 312],
  [8844, 'Jumanji', 'Jumanji', 1995, 2413],
  [9882, 'The Siege', 'The Siege', 1998, 351],
  [1417, "Pan's Labyrinth", 'El laberinto del fauno', 2006, 3041],
  [194, 'Amélie', "Le Fabuleux Destin d'Amélie Poulain", 2001, 3403],
  [597, 'Titanic', 'Titanic', 1997, 7770],
  [16535, 'Titanic', 'Titanic', 1953, 46],
];

type Title = [id: string, platform: string, title: string, year: number];

export const TINY_TITLES: Title[] = [
  ['ns1', 'netflix', 'Dick Johnson Is Dead', 2020],
  ['ns2', 'netflix', 'Jumanji', 1995],
  ['as1', 'amazon', 'Titanic', 1997],
  ['hs1', 'hulu', "Ricky Velez: Here's Everything", 2021],
];

export function tinyCatalog(): Db {
  const db = new Database(':memory:');
  db.exec(schemaSql());
  const collection = db.prepare('INSERT INTO collections (id, name, name_key) VALUES (?, ?, ?)');
  collection.run(10194, 'Toy Story Collection', normalizeKey('Toy Story Collection'));
  const movie = db.prepare(
    `INSERT INTO movies (id, title, title_key, original_title, original_title_key, release_date, release_year,
       release_month, release_weekday, vote_count, collection_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)`,
  );
  for (const [id, title, original, year, votes, coll] of TINY_MOVIES) {
    movie.run(
      id,
      title,
      normalizeKey(title),
      original,
      normalizeKey(original),
      `${year}-01-01`,
      year,
      votes,
      coll ?? null,
    );
  }
  const title = db.prepare(
    `INSERT INTO titles (id, platform, src_order, type, title, title_key, release_year, rating, rating_key)
     VALUES (?, ?, ?, 'Movie', ?, ?, ?, 'G', 'g')`,
  );
  TINY_TITLES.forEach(([id, platform, name, year], i) => {
    title.run(id, platform, i, name, normalizeKey(name), year);
  });
  const person = db.prepare('INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)');
  const cast = db.prepare('INSERT INTO movie_cast (movie_id, ord, person_id) VALUES (?, ?, ?)');
  const director = db.prepare('INSERT INTO movie_directors (movie_id, person_id) VALUES (?, ?)');
  person.run(31, 'Tom Hanks', 'tom hanks');
  person.run(7879, 'John Lasseter', 'john lasseter');
  person.run(10980, 'Guillermo del Toro', 'guillermo del toro');
  person.run(3, 'Penélope Cruz', 'penelope cruz');
  cast.run(862, 0, 31);
  cast.run(863, 0, 31);
  director.run(862, 7879);
  director.run(863, 7879);
  director.run(1417, 10980);
  cast.run(1417, 0, 3);
  const streamingCast = db.prepare('INSERT INTO title_cast (title_id, ord, name, name_key) VALUES (?, ?, ?, ?)');
  streamingCast.run('as1', 0, 'Tom Hanks', 'tom hanks');
  streamingCast.run('ns2', 0, 'Robin Williams', 'robin williams');
  const streamingDirector = db.prepare(
    'INSERT INTO title_directors (title_id, ord, name, name_key) VALUES (?, ?, ?, ?)',
  );
  streamingDirector.run('ns1', 0, 'Kirsten Johnson', 'kirsten johnson');
  const company = db.prepare('INSERT INTO companies (id, name, name_key) VALUES (?, ?, ?)');
  const movieCompany = db.prepare('INSERT INTO movie_companies (movie_id, company_id) VALUES (?, ?)');
  company.run(3, 'Pixar Animation Studios', normalizeKey('Pixar Animation Studios'));
  company.run(4, 'Warner Bros.', normalizeKey('Warner Bros.'));
  movieCompany.run(862, 3);
  movieCompany.run(863, 3);
  movieCompany.run(603, 4);
  return db;
}
