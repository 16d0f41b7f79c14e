-- Filmoteca catalog schema. One SQLite file, built by the ETL (etl/), read by every
-- command. Every `*_key` column holds normalizeKey(text) from src/text/normalize.ts
-- (lower case, no accents, single spaces): the one place where matching is
-- case- and accent-insensitive. Display columns keep the source spelling.

PRAGMA foreign_keys = OFF; -- the ETL inserts in bulk; integrity is checked at the end

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- keys: schema_version, built_at (ISO), sources (JSON), report (JSON summary)

------------------------------------------------------------------ movies
CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL);
CREATE INDEX collections_key ON collections(name_key);

CREATE TABLE movies (
  id INTEGER PRIMARY KEY,              -- TMDB id; canonical argument `tmdb:<id>`
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  original_title TEXT,
  original_title_key TEXT,
  original_language TEXT,              -- ISO 639-1, lower case
  overview TEXT,
  tagline TEXT,
  imdb_id TEXT,
  poster_path TEXT,
  status TEXT,
  release_date TEXT NOT NULL,          -- YYYY-MM-DD
  release_year INTEGER NOT NULL,
  release_month INTEGER NOT NULL,      -- 1..12
  release_weekday INTEGER NOT NULL,    -- ISO 1 = lunes .. 7 = domingo
  budget REAL NOT NULL DEFAULT 0,
  revenue REAL NOT NULL DEFAULT 0,
  return REAL NOT NULL DEFAULT 0,      -- revenue / budget when budget > 0, else 0
  popularity REAL,
  vote_average REAL,
  vote_count INTEGER NOT NULL DEFAULT 0,
  runtime REAL,
  collection_id INTEGER REFERENCES collections(id)
);
CREATE INDEX movies_month ON movies(release_month);
CREATE INDEX movies_weekday ON movies(release_weekday);
CREATE INDEX movies_year ON movies(release_year);
CREATE INDEX movies_language ON movies(original_language);
CREATE INDEX movies_collection ON movies(collection_id);
CREATE INDEX movies_title_key ON movies(title_key);
CREATE INDEX movies_original_title_key ON movies(original_title_key);
CREATE INDEX movies_votes ON movies(vote_count);

CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL);
CREATE TABLE movie_genres (movie_id INTEGER NOT NULL, genre_id INTEGER NOT NULL,
  PRIMARY KEY (movie_id, genre_id)) WITHOUT ROWID;
CREATE INDEX movie_genres_genre ON movie_genres(genre_id, movie_id);

CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL);
CREATE INDEX companies_key ON companies(name_key);
CREATE TABLE movie_companies (movie_id INTEGER NOT NULL, company_id INTEGER NOT NULL,
  PRIMARY KEY (movie_id, company_id)) WITHOUT ROWID;
CREATE INDEX movie_companies_company ON movie_companies(company_id, movie_id);

CREATE TABLE countries (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID; -- ISO 3166-1 alpha-2, source name
CREATE TABLE movie_countries (movie_id INTEGER NOT NULL, country TEXT NOT NULL,
  PRIMARY KEY (movie_id, country)) WITHOUT ROWID;
CREATE INDEX movie_countries_country ON movie_countries(country, movie_id);

CREATE TABLE languages (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID; -- ISO 639-1, source name
CREATE TABLE movie_spoken_languages (movie_id INTEGER NOT NULL, language TEXT NOT NULL,
  PRIMARY KEY (movie_id, language)) WITHOUT ROWID;

CREATE TABLE keywords (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE movie_keywords (movie_id INTEGER NOT NULL, keyword_id INTEGER NOT NULL,
  PRIMARY KEY (movie_id, keyword_id)) WITHOUT ROWID;
CREATE INDEX movie_keywords_keyword ON movie_keywords(keyword_id, movie_id);

CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL); -- TMDB person ids
CREATE INDEX people_key ON people(name_key);
CREATE TABLE movie_cast (movie_id INTEGER NOT NULL, ord INTEGER NOT NULL, person_id INTEGER NOT NULL,
  character TEXT, PRIMARY KEY (movie_id, ord)) WITHOUT ROWID;  -- ord: position in billing order, 0-based
CREATE INDEX movie_cast_person ON movie_cast(person_id, movie_id);
CREATE TABLE movie_directors (movie_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
  PRIMARY KEY (movie_id, person_id)) WITHOUT ROWID;
CREATE INDEX movie_directors_person ON movie_directors(person_id, movie_id);

-- Spanish release titles (etl/titulos-es.ts): the project's data/titulos_es/titulos.json and, once
-- fetched with `filmoteca etl --titulos-es`, TMDB's Spanish translations and alternative titles.
-- Title search (src/search) reads them as more names of the movie.
CREATE TABLE movie_titles_es (
  movie_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  source TEXT NOT NULL,                -- 'proyecto' | 'tmdb'
  PRIMARY KEY (movie_id, title_key)
) WITHOUT ROWID;
CREATE INDEX movie_titles_es_key ON movie_titles_es(title_key);

-- MovieLens ↔ TMDB ids (links.csv, optional)
CREATE TABLE movie_links (movielens_id INTEGER PRIMARY KEY, imdb_id TEXT, tmdb_id INTEGER);
CREATE INDEX movie_links_tmdb ON movie_links(tmdb_id);

--------------------------------------------------------------- streaming
CREATE TABLE titles (
  id TEXT PRIMARY KEY,                 -- platform letter + show_id: ns1, as123, ds1, hs1
  platform TEXT NOT NULL,              -- amazon | disney | hulu | netflix
  src_order INTEGER NOT NULL,          -- row order across the files, for "first in source order" ties
  type TEXT NOT NULL,                  -- 'Movie' | 'TV Show'
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  date_added TEXT,                     -- YYYY-MM-DD or NULL
  release_year INTEGER,
  rating TEXT NOT NULL,                -- audience rating, empty → 'G'
  rating_key TEXT NOT NULL,
  duration_int INTEGER,
  duration_type TEXT,                  -- 'min' | 'season' | NULL
  description TEXT
) WITHOUT ROWID;
CREATE INDEX titles_platform ON titles(platform, type, release_year, duration_type);
CREATE INDEX titles_year_type ON titles(release_year, type);
CREATE INDEX titles_rating ON titles(rating_key, rating); -- covering: the distinct ratings (get_contents, autocomplete) read ~0.2 MB, not the table
CREATE INDEX titles_title_key ON titles(title_key);

CREATE TABLE title_cast (title_id TEXT NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL,
  PRIMARY KEY (title_id, ord)) WITHOUT ROWID;
CREATE INDEX title_cast_name ON title_cast(name_key);
CREATE TABLE title_directors (title_id TEXT NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL,
  PRIMARY KEY (title_id, ord)) WITHOUT ROWID;
CREATE INDEX title_directors_name ON title_directors(name_key);
CREATE TABLE title_countries (title_id TEXT NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL,
  country TEXT,                        -- ISO 3166-1 alpha-2 when the name maps to one, else NULL
  PRIMARY KEY (title_id, ord)) WITHOUT ROWID;
CREATE INDEX title_countries_country ON title_countries(country, title_id);
CREATE TABLE title_genres (title_id TEXT NOT NULL, ord INTEGER NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL,
  PRIMARY KEY (title_id, ord)) WITHOUT ROWID;
CREATE INDEX title_genres_name ON title_genres(name_key);

-- Mean user score per streaming title, from the optional ratings files
-- (`ratings/*.csv` beside the streaming lists: userId,rating|score,timestamp,movieId).
CREATE TABLE title_scores (title_id TEXT PRIMARY KEY, mean REAL NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;

------------------------------------------- recommendations (src/recommend, written by ETL derived steps)
-- Co-liking (src/recommend/colikes.ts, step derived:colikes, from the MovieLens ratings
-- the ETL finds: etl/ratings.ts). A like is a rating ≥ 4, mapped to TMDB ids by links*.csv.
CREATE TABLE movie_likers (
  movie_id INTEGER PRIMARY KEY,        -- movies.id with at least one like
  likers INTEGER NOT NULL              -- users who liked it (after the per-user cap)
);
CREATE TABLE movie_coliked (
  movie_id INTEGER NOT NULL,
  rank INTEGER NOT NULL,               -- 0 = most co-liked
  other_id INTEGER NOT NULL,           -- movies.id
  similarity REAL NOT NULL,            -- cosine of the two movies' liker vectors, 0..1
  common INTEGER NOT NULL,             -- users who liked both (≥ 2)
  PRIMARY KEY (movie_id, rank)
) WITHOUT ROWID;

-- The recommender's final top STORED_K per title (after the quality prior, the blend with
-- co-liking and without duplicates), precomputed so serving is one indexed read. meta
-- 'recommend_config' holds the settings they were computed with; other settings ignore the table.
CREATE TABLE recommendations (
  title_id TEXT NOT NULL,              -- tmdb:862 | ns1
  rank INTEGER NOT NULL,               -- 0 = most recommended
  rec_id TEXT NOT NULL,
  similarity REAL NOT NULL,            -- 0..1: cosine, or the blend of co-liking and content cosines
  reason TEXT NOT NULL,                -- src/recommend/reasons.ts ReasonKind: colikes | saga | director | …
  reason_detail TEXT,                  -- the shared feature that weighed most: a person or company id, a name key,
                                       -- a country or language code, a decade; NULL for the other kinds
  PRIMARY KEY (title_id, rank)
) WITHOUT ROWID;

------------------------------------------------ commands' precomputed tables (commands/precomputed.ts, an ETL derived step)
-- top_peliculas: every rated movie by weighted rating, best first (C and m in meta 'top_peliculas'),
-- and each genre's positions in that order.
CREATE TABLE movie_rank (
  position INTEGER PRIMARY KEY,        -- 0 = best
  movie_id INTEGER NOT NULL,
  year INTEGER NOT NULL,
  wr REAL NOT NULL                     -- weighted rating
);
CREATE INDEX movie_rank_year ON movie_rank(year, position);
CREATE TABLE genre_rank (genre TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (genre, position)) WITHOUT ROWID;
-- get_actor_platform: the most frequent cast member of each platform and release year (meta 'get_actor_platform').
CREATE TABLE platform_top_cast (
  platform TEXT NOT NULL,
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  n INTEGER NOT NULL,                  -- titles
  PRIMARY KEY (platform, year)
) WITHOUT ROWID;

------------------------------------------------ search index (src/search, written by an ETL derived step)
-- Each entity kind's index (kind: title | person | collection | company) in pages: a column
-- (part: keys, names, numbers, exact, tri…, see src/search/stored.ts) split into pages of 256
-- items, each NUL-joined text or a little-endian Int32 array, read when a query first reaches it;
-- the `header` part (page 0) says what the others hold, and its version which code wrote them
-- (another version is ignored: the index is then built in memory). A rowid table: in a WITHOUT
-- ROWID table SQLite reads an overflowing row's whole payload to compare its key.
CREATE TABLE search_index (
  kind TEXT NOT NULL,
  part TEXT NOT NULL,
  page INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (kind, part, page)
);
