"""The baseline of `npm run bench -- etl`: the seeds' way of cleaning the Kaggle files,
pandas + ast.literal_eval, on the same files as our ETL, writing the cleaned tables to a
SQLite file (what our ETL writes too, without its indexes and checks).

    python3 bench/seeds_etl.py --movies <dir> --streaming <dir> --out <file.db>

The rules are those of ../shared/docs/QUESTIONS.md ("Cleaning rules"), written the way a
pandas notebook writes them: read whole files, coerce columns, literal_eval every nested
field, explode lists into tables. Prints one JSON line: seconds per stage and in all, the
rows kept, and peak RSS (ru_maxrss). Python's standard library and pandas only; the
benchmark runs it when `python3 -c "import pandas"` works and says why it skips otherwise.
"""

import argparse
import ast
import json
import os
import resource
import sqlite3
import time

import pandas as pd

NESTED_MOVIE_FIELDS = ["belongs_to_collection", "genres", "production_companies", "production_countries", "spoken_languages"]
PLATFORMS = {"amazon": "amazon_prime_titles", "disney": "disney_plus_titles", "hulu": "hulu_titles", "netflix": "netflix_titles"}


def literal(value):
    """A Python literal cell, or None when empty or unparseable (the row is kept)."""
    if not isinstance(value, str) or value == "":
        return None
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None


def find(folder, stem):
    for name in (f"{stem}.csv", f"{stem}.csv.gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    return None


def names(items, key="name"):
    return [item.get(key) for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def clean_movies(folder):
    movies = pd.read_csv(find(folder, "movies_metadata"), low_memory=False, dtype=str)
    movies["id"] = pd.to_numeric(movies["id"], errors="coerce")
    movies = movies[movies["id"].notna() & (movies["id"] > 0) & (movies["id"] % 1 == 0)].copy()
    movies["id"] = movies["id"].astype("int64")
    movies = movies.drop_duplicates("id", keep="first")
    dates = pd.to_datetime(movies["release_date"], format="%Y-%m-%d", errors="coerce")
    movies = movies[dates.notna()].copy()
    dates = dates[dates.notna()]
    movies["release_year"] = dates.dt.year
    movies["release_month"] = dates.dt.month
    movies["release_weekday"] = dates.dt.dayofweek + 1
    for column in ("budget", "revenue"):
        movies[column] = pd.to_numeric(movies[column], errors="coerce").fillna(0)
    movies["return"] = (movies["revenue"] / movies["budget"]).where(movies["budget"] > 0, 0)
    for column in ("popularity", "vote_average", "runtime"):
        movies[column] = pd.to_numeric(movies[column], errors="coerce")
    movies["vote_count"] = pd.to_numeric(movies["vote_count"], errors="coerce").fillna(0).astype("int64")
    movies["title"] = movies["title"].fillna(movies["original_title"])
    tables = {}
    for field in NESTED_MOVIE_FIELDS:
        movies[field] = movies[field].map(literal)
    movies["collection"] = movies["belongs_to_collection"].map(lambda c: c.get("name") if isinstance(c, dict) else None)
    for field, key in (("genres", "name"), ("production_companies", "name"), ("production_countries", "iso_3166_1"), ("spoken_languages", "iso_639_1")):
        exploded = movies[["id", field]].assign(value=movies[field].map(lambda v, k=key: names(v, k))).explode("value")
        tables[f"movie_{field}"] = exploded[exploded["value"].notna()][["id", "value"]]
    keep = ["id", "title", "original_title", "original_language", "overview", "tagline", "imdb_id", "poster_path", "status",
            "release_date", "release_year", "release_month", "release_weekday", "budget", "revenue", "return",
            "popularity", "vote_average", "vote_count", "runtime", "collection"]
    tables["movies"] = movies[keep]
    return tables, set(movies["id"])


def clean_credits(folder, ids):
    credits = pd.read_csv(find(folder, "credits"), dtype=str)
    credits["id"] = pd.to_numeric(credits["id"], errors="coerce")
    credits = credits[credits["id"].isin(ids)].drop_duplicates("id", keep="first").copy()
    credits["cast"] = credits["cast"].map(literal)
    credits["crew"] = credits["crew"].map(literal)
    cast = credits[["id", "cast"]].explode("cast")
    cast = cast[cast["cast"].map(lambda c: isinstance(c, dict))]
    cast = pd.DataFrame({"id": cast["id"], "name": cast["cast"].map(lambda c: c.get("name")), "ord": cast["cast"].map(lambda c: c.get("order"))})
    crew = credits[["id", "crew"]].explode("crew")
    crew = crew[crew["crew"].map(lambda c: isinstance(c, dict) and c.get("job") == "Director")]
    directors = pd.DataFrame({"id": crew["id"], "name": crew["crew"].map(lambda c: c.get("name"))})
    return {"movie_cast": cast.sort_values(["id", "ord"]), "movie_directors": directors}


def clean_keywords(folder, ids):
    path = find(folder, "keywords")
    if path is None:
        return {}
    keywords = pd.read_csv(path, dtype=str)
    keywords["id"] = pd.to_numeric(keywords["id"], errors="coerce")
    keywords = keywords[keywords["id"].isin(ids)].drop_duplicates("id", keep="first").copy()
    keywords["keywords"] = keywords["keywords"].map(lambda v: names(literal(v)))
    exploded = keywords.explode("keywords")
    return {"movie_keywords": exploded[exploded["keywords"].notna()]}


def clean_streaming(folder):
    frames = []
    for platform, stem in PLATFORMS.items():
        path = find(folder, stem)
        if path is None:
            continue
        titles = pd.read_csv(path, dtype=str)
        titles["id"] = platform[0] + titles["show_id"]
        titles["platform"] = platform
        moved = titles["duration"].isna() & titles["rating"].fillna("").str.contains(r"\d+ (?:min|Seasons?)$", regex=True)
        titles.loc[moved, "duration"] = titles.loc[moved, "rating"]
        titles.loc[moved, "rating"] = None
        titles["rating"] = titles["rating"].fillna("G")
        titles["date_added"] = pd.to_datetime(titles["date_added"].str.strip(), format="%B %d, %Y", errors="coerce").dt.strftime("%Y-%m-%d")
        parts = titles["duration"].str.extract(r"(\d+)\s*(\w+)")
        titles["duration_int"] = pd.to_numeric(parts[0], errors="coerce")
        titles["duration_type"] = parts[1].str.lower().replace({"seasons": "season"})
        titles["release_year"] = pd.to_numeric(titles["release_year"], errors="coerce")
        for column in ("cast", "director", "country", "listed_in"):
            titles[column] = titles[column].fillna("").map(lambda v: [item.strip() for item in v.split(",") if item.strip()])
        frames.append(titles)
    titles = pd.concat(frames, ignore_index=True)
    tables = {}
    for column in ("cast", "director", "country", "listed_in"):
        exploded = titles[["id", column]].explode(column)
        tables[f"title_{column}"] = exploded[exploded[column].notna()]
    keep = ["id", "platform", "type", "title", "date_added", "release_year", "rating", "duration_int", "duration_type", "description"]
    tables["titles"] = titles[keep]
    return tables


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", required=True)
    parser.add_argument("--streaming", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    stages = {}

    def stage(name, work):
        begun = time.perf_counter()
        result = work()
        stages[name] = round(time.perf_counter() - begun, 3)
        return result

    movie_tables, ids = stage("movies_metadata", lambda: clean_movies(args.movies))
    credit_tables = stage("credits", lambda: clean_credits(args.movies, ids))
    keyword_tables = stage("keywords", lambda: clean_keywords(args.movies, ids))
    streaming_tables = stage("streaming", lambda: clean_streaming(args.streaming))
    tables = {**movie_tables, **credit_tables, **keyword_tables, **streaming_tables}
    if os.path.exists(args.out):
        os.remove(args.out)

    def write():
        with sqlite3.connect(args.out) as db:
            for name, frame in tables.items():
                frame.to_sql(name, db, index=False)

    stage("write", write)
    rows = {name: int(len(frame)) for name, frame in tables.items()}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": round(time.perf_counter() - started, 3), "stages": stages, "rows": rows, "peakRssMb": round(peak_kb / 1024), "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
