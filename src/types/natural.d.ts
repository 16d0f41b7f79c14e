// natural ships types for its stemmers' index only; lexicon.ts imports the Spanish stemmer's own file.
declare module 'natural/lib/natural/stemmers/porter_stemmer_es.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
