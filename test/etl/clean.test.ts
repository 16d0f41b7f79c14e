import { describe, expect, it } from 'vitest';
import {
  calendarDate,
  dateAdded,
  duration,
  fixRatingAndDuration,
  money,
  movieReturn,
  nested,
  numberOrNull,
  positiveId,
  releaseDate,
  splitList,
  streamingId,
  voteCount,
  yearOrNull,
} from '../../etl/clean.js';

describe('movies rule 2: id is a positive integer', () => {
  it.each([
    ['862', 862],
    [' 862 ', 862],
    ['0', null],
    ['-5', null],
    ['12.5', null],
    ['1997-08-20', null],
    ['', null],
    ['abc', null],
    ['99999999999999999999', null],
  ])('%j → %s', (text, expected) => expect(positiveId(text)).toBe(expected));
});

describe('movies rule 3: release_date is a real calendar date', () => {
  it('derives year, month and ISO weekday (1 = lunes … 7 = domingo)', () => {
    // 1995-10-30 was a Monday; 2021-10-31 a Sunday; 2000-02-29 a Tuesday (leap year).
    expect(releaseDate('1995-10-30')).toEqual({ date: '1995-10-30', year: 1995, month: 10, weekday: 1 });
    expect(releaseDate('2021-10-31')).toEqual({ date: '2021-10-31', year: 2021, month: 10, weekday: 7 });
    expect(releaseDate('2000-02-29')).toEqual({ date: '2000-02-29', year: 2000, month: 2, weekday: 2 });
  });
  it.each(['1995-02-30', '1900-02-29', '2021-13-01', '2021-00-10', '2021-04-31', '30/10/1995', '1995-10-3', 'soon'])(
    '%s is invalid',
    (text) => expect(releaseDate(text)).toBe('invalid'),
  );
  it('empty is missing', () => {
    expect(releaseDate('')).toBe('missing');
    expect(releaseDate('  ')).toBe('missing');
  });
  it('keeps years before 100 as written', () => {
    expect(calendarDate(33, 1, 1)?.date).toBe('0033-01-01');
  });
});

describe('movies rules 4-6: numbers', () => {
  it('budget and revenue: missing or not numeric → 0', () => {
    expect(money('30000000')).toBe(30000000);
    expect(money('')).toBe(0);
    expect(money('unknown')).toBe(0);
    expect(money('/ff9qCepilowshEtG2GYWwzt2bs4.jpg')).toBe(0);
    expect(money('0x10')).toBe(0);
    expect(money('1.5e6')).toBe(1500000);
  });
  it('return = revenue / budget when budget > 0, else 0', () => {
    expect(movieReturn(30000000, 373554033)).toBeCloseTo(12.4518011, 7);
    expect(movieReturn(0, 100)).toBe(0);
    expect(movieReturn(-1, 100)).toBe(0);
  });
  it('popularity / vote_average / runtime: number or null; vote_count: integer, missing → 0', () => {
    expect(numberOrNull('21.946943')).toBe(21.946943);
    expect(numberOrNull('')).toBeNull();
    expect(numberOrNull('NaN')).toBeNull();
    expect(numberOrNull('Infinity')).toBeNull();
    expect(voteCount('5415')).toBe(5415);
    expect(voteCount('5415.0')).toBe(5415);
    expect(voteCount('')).toBe(0);
    expect(voteCount('many')).toBe(0);
  });
});

describe('movies rule 7: nested fields', () => {
  it('parses, treats empty as null and returns the error otherwise', () => {
    expect(nested("[{'id': 16, 'name': 'Animation'}]")).toEqual({ value: [{ id: 16, name: 'Animation' }] });
    expect(nested('')).toBeNull();
    expect(nested('NaN')).toBeNull();
    expect(nested("[{'name': 'New Line Cinema', 'id': 12}, {'name': 'Cut")).toHaveProperty('error');
  });
});

describe('streaming rules', () => {
  it('1: id = platform letter + show_id', () => {
    expect(streamingId('amazon', 's123')).toBe('as123');
    expect(streamingId('disney', 's1')).toBe('ds1');
    expect(streamingId('hulu', 's1')).toBe('hs1');
    expect(streamingId('netflix', 's1')).toBe('ns1');
    expect(streamingId('netflix', ' ')).toBeNull();
  });
  it('2-3: a duration in rating moves to duration; empty rating → G', () => {
    expect(fixRatingAndDuration('74 min', '')).toEqual({ rating: 'G', duration: '74 min' });
    expect(fixRatingAndDuration('2 Seasons', '')).toEqual({ rating: 'G', duration: '2 Seasons' });
    expect(fixRatingAndDuration('', '90 min')).toEqual({ rating: 'G', duration: '90 min' });
    expect(fixRatingAndDuration('TV-MA', '90 min')).toEqual({ rating: 'TV-MA', duration: '90 min' });
    // rating holds a duration but duration is filled: nothing moves (the rule needs an empty duration).
    expect(fixRatingAndDuration('74 min', '80 min')).toEqual({ rating: '74 min', duration: '80 min' });
    expect(fixRatingAndDuration('13+', '')).toEqual({ rating: '13+', duration: '' });
  });
  it('4: date_added → YYYY-MM-DD, stray spaces allowed', () => {
    expect(dateAdded('September 25, 2021')).toBe('2021-09-25');
    expect(dateAdded(' August 4, 2017')).toBe('2017-08-04');
    expect(dateAdded('April  1 ,  2020 ')).toBe('2020-04-01');
    expect(dateAdded('Sep 5, 2019')).toBe('2019-09-05');
    expect(dateAdded('')).toBeNull();
    expect(dateAdded('February 30, 2021')).toBe('invalid');
    expect(dateAdded('2021-09-25')).toBe('invalid');
  });
  it('5: duration → integer and min/season', () => {
    expect(duration('90 min')).toEqual({ value: 90, type: 'min' });
    expect(duration('1 Season')).toEqual({ value: 1, type: 'season' });
    expect(duration('3 Seasons')).toEqual({ value: 3, type: 'season' });
    expect(duration('')).toBeNull();
    expect(duration('TV-MA')).toBeNull();
  });
  it('6: comma lists, trimmed, empty items dropped', () => {
    expect(splitList(' Úrsula Corberó,  Álvaro Morte ,Itziar Ituño, ')).toEqual([
      'Úrsula Corberó',
      'Álvaro Morte',
      'Itziar Ituño',
    ]);
    expect(splitList('')).toEqual([]);
    expect(yearOrNull('2021')).toBe(2021);
    expect(yearOrNull('20x1')).toBeNull();
  });
});
