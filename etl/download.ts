/**
 * `filmoteca etl --download`: fetches the five Kaggle archives into the raw
 * folder with Node's fetch (redirects followed), as `<dataset>.zip`.
 * Resumable: bytes arrive in `<dataset>.zip.part` and a retry asks for the rest
 * with `Range`. Cached: an archive already complete (a readable zip) is not
 * fetched again. Kaggle credentials go in a basic-auth header and are never
 * printed (fetch also drops that header on a redirect to another host).
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import yauzl from 'yauzl';
import { EtlError } from './errors.js';
import type { Progress } from './progress.js';

export const KAGGLE_DATASETS = [
  'rounakbanik/the-movies-dataset',
  'shivamb/netflix-shows',
  'shivamb/amazon-prime-movies-and-tv-shows',
  'shivamb/disneyplus-movies-and-tv-shows',
  'shivamb/hulu-movies-and-tv-shows',
] as const;

export interface KaggleSettings {
  /** `${url}/<owner>/<dataset>` is fetched. Default: FILMOTECA_KAGGLE_URL. */
  url?: string;
  username?: string;
  key?: string;
}

export interface DownloadOptions extends KaggleSettings {
  rawDir: string;
  progress: Progress;
  datasets?: readonly string[];
}

/** Fetches every archive not yet complete; returns how many were fetched (cached ones excluded). */
export async function downloadAll(options: DownloadOptions): Promise<number> {
  const settings = await withDefaults(options);
  mkdirSync(options.rawDir, { recursive: true });
  let fetched = 0;
  for (const dataset of options.datasets ?? KAGGLE_DATASETS) {
    const target = join(options.rawDir, `${dataset.split('/')[1]}.zip`);
    if (existsSync(target) && (await isReadableZipFile(target))) {
      options.progress.note(`${dataset}: ya descargado (already downloaded)`);
      continue;
    }
    await fetchArchive(`${settings.url.replace(/\/+$/, '')}/${dataset}`, target, settings, options.progress);
    fetched++;
  }
  return fetched;
}

async function withDefaults(options: DownloadOptions): Promise<Required<Pick<KaggleSettings, 'url'>> & KaggleSettings> {
  if (options.url) return { url: options.url, username: options.username, key: options.key };
  const { loadConfig } = await import('../src/config.js');
  const config = loadConfig();
  return {
    url: config.FILMOTECA_KAGGLE_URL,
    username: options.username ?? config.KAGGLE_USERNAME,
    key: options.key ?? config.KAGGLE_KEY,
  };
}

async function fetchArchive(url: string, target: string, settings: KaggleSettings, progress: Progress): Promise<void> {
  const part = `${target}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const headers: Record<string, string> = {};
  if (settings.username && settings.key)
    headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.key}`).toString('base64')}`;
  if (have > 0) headers.range = `bytes=${have}-`;

  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow' });
  } catch (error) {
    const detail = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    throw new EtlError(`No se pudo descargar ${url}`, `download failed: ${detail}`, url);
  }
  if (response.status === 416 && have > 0) {
    // The part already holds the whole archive (the server has nothing past it).
    await response.body?.cancel();
    return finishPart(part, target, url);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const hint = response.status === 401 || response.status === 403 ? ' (¿KAGGLE_USERNAME y KAGGLE_KEY?)' : '';
    throw new EtlError(
      `La descarga falló: HTTP ${response.status}${hint}`,
      `download failed: HTTP ${response.status}${hint ? ' (check KAGGLE_USERNAME and KAGGLE_KEY)' : ''}`,
      url,
    );
  }
  const resuming = response.status === 206 && have > 0;
  const length = Number(response.headers.get('content-length') ?? 0);
  progress.start(`descarga ${target.split('/').pop()}`, length + (resuming ? have : 0));
  if (resuming) progress.add(have);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.add(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream),
    counter,
    createWriteStream(part, { flags: resuming ? 'a' : 'w' }),
  );
  progress.done(`${target}: descargado (downloaded)`);
  await finishPart(part, target, url);
}

/** A complete download becomes the archive only if it reads as a zip (not, say, a login page). */
async function finishPart(part: string, target: string, url: string): Promise<void> {
  const probe = `${target}.checking`; // not *.zip: a leftover must not be read as an archive
  renameSync(part, probe);
  const ok = await isReadableZipFile(probe);
  if (!ok) {
    rmSync(probe, { force: true });
    throw new EtlError('Lo descargado no es un archivo zip', 'the download is not a zip archive', url);
  }
  renameSync(probe, target);
}

function isReadableZipFile(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return resolve(false);
      zip.on('error', () => resolve(false));
      zip.on('end', () => resolve(true));
      zip.on('entry', () => zip.readEntry());
      zip.readEntry();
    });
  });
}
