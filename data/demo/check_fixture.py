#!/usr/bin/env python3
"""Independent check of data/demo (python3 standard library only, no project code).

Applies the cleaning rules of /docs QUESTIONS.md to the raw CSVs and prints the
facts listed in FIXTURE.md, so the hand-worked table can be re-checked:
    python3 data/demo/check_fixture.py
"""
import ast
import csv
import datetime
import os
import statistics
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(10**9)


def read(path):
    with open(os.path.join(HERE, path), encoding='utf-8', newline='') as f:
        return list(csv.reader(f))


def literal(text):
    try:
        value = ast.literal_eval(text) if text else None
    except (ValueError, SyntaxError):
        return None, True
    return value, False


def number(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


def key(text):
    text = unicodedata.normalize('NFD', text)
    text = ''.join(c for c in text if not unicodedata.category(c).startswith('M'))
    return ' '.join(text.lower().split())


# ------------------------------------------------------------------ movies
rows = read('tmdb/movies_metadata.csv')
header, rows = rows[0], rows[1:]
movies, rejected, seen, bad_nested = {}, Counter(), set(), []
for n, r in enumerate(rows, start=2):
    r = dict(zip(header, r + [''] * (24 - len(r))))
    if not r['id'].isdigit() or int(r['id']) <= 0:
        rejected['invalid_id'] += 1
        continue
    mid = int(r['id'])
    if mid in seen:
        rejected['duplicate_id'] += 1
        continue
    seen.add(mid)
    if not r['release_date']:
        rejected['missing_release_date'] += 1
        continue
    try:
        date = datetime.date.fromisoformat(r['release_date'])
    except ValueError:
        rejected['invalid_release_date'] += 1
        continue
    nested = {}
    for field in ('belongs_to_collection', 'genres', 'production_companies', 'production_countries', 'spoken_languages'):
        nested[field], bad = literal(r[field])
        if bad:
            bad_nested.append((n, mid, field))
    budget, revenue = number(r['budget']), number(r['revenue'])
    movies[mid] = dict(r, date=date, budget=budget, revenue=revenue, ret=revenue / budget if budget > 0 else 0.0,
                       votes=int(r['vote_count'] or 0), **{k: v or [] for k, v in nested.items()})

print('movies rows read', len(rows), 'kept', len(movies), 'rejected', dict(rejected))
print('nested fields that do not parse (line, id, field):', bad_nested)
print('per month', sorted(Counter(m['date'].month for m in movies.values()).items()))
print('per ISO weekday', sorted(Counter(m['date'].isoweekday() for m in movies.values()).items()))
print('vote_count >= 2000:', sum(m['votes'] >= 2000 for m in movies.values()))

# ------------------------------------------------------------------ credits
crow = read('tmdb/credits.csv')[1:]
cast, directors, cred_seen, cred_skipped, cred_dup = {}, {}, set(), [], []
for c, crew, cid in crow:
    cid = int(cid)
    if cid in cred_seen:
        cred_dup.append(cid)
        continue
    cred_seen.add(cid)
    if cid not in movies:
        cred_skipped.append(cid)
        continue
    cast[cid] = [p['name'] for p in sorted(ast.literal_eval(c), key=lambda p: p['order'])]
    directors[cid] = [p['name'] for p in ast.literal_eval(crew) if p['job'] == 'Director']
print('credits rows', len(crow), 'skipped (not in movies)', cred_skipped, 'duplicate ids', cred_dup,
      'empty cast', [i for i, v in cast.items() if not v])


def actor(name):
    films = [i for i, names in cast.items() if name in names and name not in directors.get(i, [])]
    total = sum(movies[i]['ret'] for i in films)
    return len(films), total, (total / len(films) if films else 0.0), sorted(movies[i]['title'] for i in films)


for name in ('Tom Hanks', 'Al Pacino', 'Sylvester Stallone', 'Clint Eastwood', 'Robert De Niro', 'Morgan Freeman'):
    print('get_actor', name, actor(name))


def director(name):
    films = sorted((movies[i]['date'], movies[i]['title'], movies[i]['ret']) for i, d in directors.items() if name in d)
    return sum(f[2] for f in films), [(str(d), t, round(r, 6)) for d, t, r in films]


for name in ('Steven Spielberg', 'Clint Eastwood', 'Francis Ford Coppola', 'Sylvester Stallone'):
    print('get_director', name, director(name))

by_coll = defaultdict(list)
for m in movies.values():
    if m['belongs_to_collection']:
        by_coll[m['belongs_to_collection']['name']].append(m['revenue'])
for name in ('James Bond Collection', 'Toy Story Collection', 'The Godfather Collection', 'Rocky Collection', 'Star Wars Collection'):
    revs = by_coll[name]
    print('franquicia', name, len(revs), sum(revs), sum(revs) / len(revs))

for company in ('Pixar Animation Studios', 'Twentieth Century Fox Film Corporation', 'Warner Bros.', 'Paramount Pictures', 'New Line Cinema'):
    films = [m for m in movies.values() if company in [c['name'] for c in m['production_companies']]]
    print('productora', company, len(films), sum(m['revenue'] for m in films))
for code in ('US', 'FR', 'ES', 'MX', 'JP', 'GB', 'DE'):
    print('peliculas_pais', code, sum(code in [c['iso_3166_1'] for c in m['production_countries']] for m in movies.values()))
print('peliculas_idioma', sorted(Counter(m['original_language'] for m in movies.values()).items()))

# ------------------------------------------------------------------ streaming
PLATFORMS = {'amazon': 'amazon_prime_titles.csv', 'disney': 'disney_plus_titles.csv', 'hulu': 'hulu_titles.csv',
             'netflix': 'netflix_titles.csv'}
titles = []
for platform, file in sorted(PLATFORMS.items()):
    srows = read('streaming/' + file)
    h = srows[0]
    for r in srows[1:]:
        r = dict(zip(h, r))
        rating, duration = r['rating'], r['duration']
        if not duration and (rating.endswith(' min') or 'Season' in rating):
            duration, rating = rating, ''
        amount, unit = duration.split(' ') if duration else (None, None)
        titles.append(dict(id=platform[0] + r['show_id'], platform=platform, type=r['type'], title=r['title'],
                           year=int(r['release_year']), rating=rating or 'G',
                           dur=int(amount) if amount else None, unit=('min' if unit == 'min' else 'season') if unit else None,
                           cast=[c.strip() for c in r['cast'].split(',') if c.strip()],
                           countries=[c.strip() for c in r['country'].split(',') if c.strip()],
                           added=datetime.datetime.strptime(r['date_added'].strip(), '%B %d, %Y').date() if r['date_added'].strip() else None))
print('streaming titles', len(titles), Counter((t['platform'], t['type']) for t in titles))


def max_duration(year, platform, unit):
    best = None
    for t in titles:  # source order; strict > keeps the first of a tie
        if t['platform'] == platform and t['type'] == 'Movie' and t['year'] == year and t['unit'] == unit:
            if best is None or t['dur'] > best['dur']:
                best = t
    return best and (best['id'], best['title'], best['dur'])


for args in ((2018, 'netflix', 'min'), (2019, 'netflix', 'min'), (1995, 'disney', 'min'), (2017, 'amazon', 'min'), (2020, 'hulu', 'min')):
    print('get_max_duration', args, max_duration(*args))


def actor_platform(platform, year):
    counts = Counter(c for t in titles if t['platform'] == platform and t['year'] == year for c in t['cast'])
    if not counts:
        return None
    top = max(counts.values())
    return sorted((c for c, n in counts.items() if n == top), key=key)[0], top


for args in (('netflix', 2019), ('netflix', 2018), ('disney', 1995), ('amazon', 2017)):
    print('get_actor_platform', args, actor_platform(*args))
for p in PLATFORMS:
    print('get_count_platform', p, sum(t['platform'] == p and t['type'] == 'Movie' for t in titles))
print('get_contents', sorted(Counter(t['rating'] for t in titles).items()))
for tipo, country, year in (('Movie', 'United States', 2018), ('Movie', 'United States', 2019), ('TV Show', 'Spain', 2019),
                            ('Movie', 'France', 2016), ('Movie', 'West Germany', 1981), ('TV Show', 'United States', 2019)):
    print('prod_per_county', tipo, country, year,
          sum(t['type'] == tipo and t['year'] == year and country in t['countries'] for t in titles))

scores = defaultdict(list)
for r in read('streaming/ratings/1.csv')[1:]:
    scores[r[3]].append(float(r[1]))
means = {k: statistics.mean(v) for k, v in scores.items()}
print('score means', {k: round(v, 4) for k, v in means.items()})
by_id = {t['id']: t for t in titles}
for platform, score, year in (('netflix', 3.5, 2018), ('netflix', 4.0, 2018), ('netflix', 3.0, 2019), ('amazon', 3.0, 2018)):
    print('get_score_count', platform, score, year, sum(
        1 for k, v in means.items() if by_id[k]['platform'] == platform and by_id[k]['type'] == 'Movie'
        and by_id[k]['year'] == year and v > score))
