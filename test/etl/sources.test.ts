import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCsvFiles, pickScoreFiles, pickSources, type SourceFile } from '../../etl/sources.js';
import { makeZip } from './zip.js';

const file = (name: string, dir: string, depth: number, kind: 'csv' | 'gz' | 'zip'): SourceFile => ({
  name,
  label: `${dir}/${name}.${kind}`,
  path: `${dir}/${name}.${kind}`,
  entry: kind === 'zip' ? `${name}.csv` : undefined,
  gzip: kind === 'gz',
  dir,
  bytes: 1,
  depth,
});

describe('pickSources', () => {
  it('prefers the shallowest file, then plain CSV over gzip over a zip entry', () => {
    const files = [
      file('credits', '/d/a/b', 2, 'csv'),
      file('credits', '/d/a', 1, 'zip'),
      file('credits', '/d/a', 1, 'gz'),
    ];
    expect(pickSources(files, ['credits']).get('credits')?.gzip).toBe(true);
    expect(pickSources(files.slice(0, 2), ['credits']).get('credits')?.entry).toBe('credits.csv');
  });

  it('lets the folder of movies_metadata win for links.csv (not a MovieLens copy)', () => {
    const files = [
      file('links', '/d/ratings', 1, 'gz'),
      file('links', '/d/tmdb', 1, 'gz'),
      file('links', '/d', 0, 'csv'),
    ];
    expect(pickSources(files, ['links'], '/d/tmdb').get('links')?.dir).toBe('/d/tmdb');
    expect(pickSources(files, ['links']).get('links')?.dir).toBe('/d');
  });
});

describe('listCsvFiles', () => {
  it('finds .csv, .csv.gz and zip entries up to two levels deep, and score parts beside the lists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'filmoteca-sources-'));
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    mkdirSync(join(root, 'streaming/ratings'), { recursive: true });
    writeFileSync(join(root, 'movies_metadata.csv'), 'id\n');
    writeFileSync(join(root, 'a/credits.csv.gz'), '');
    writeFileSync(join(root, 'a/b/keywords.csv'), 'id\n');
    writeFileSync(join(root, 'a/b/c/links.csv'), 'too deep\n');
    writeFileSync(join(root, 'a/netflix-shows.zip'), makeZip({ 'netflix_titles.csv': 'x\n', 'readme.txt': 'no' }));
    writeFileSync(join(root, 'streaming/hulu_titles.csv'), 'x\n');
    writeFileSync(join(root, 'streaming/ratings/2.csv'), 'x\n');
    writeFileSync(join(root, 'streaming/ratings/1.csv.gz'), '');
    writeFileSync(join(root, 'streaming/ratings/ratings_small.csv'), 'x\n');
    const files = await listCsvFiles(root);
    expect(files.map((f) => `${f.name}:${f.depth}:${f.gzip ? 'gz' : f.entry ? 'zip' : 'csv'}`).sort()).toEqual([
      '1:2:gz',
      '2:2:csv',
      'credits:1:gz',
      'hulu_titles:1:csv',
      'keywords:2:csv',
      'movies_metadata:0:csv',
      'netflix_titles:1:zip',
      'ratings_small:2:csv',
    ]);
    expect(pickScoreFiles(files, join(root, 'streaming')).map((f) => f.name)).toEqual(['1', '2']);
  });
});
