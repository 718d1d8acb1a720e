import type en from './en.json';

/**
 * Every dotted path to a string in en.json: a key built at run time (a refusal reason, a
 * counselling entry) is checked against the texts at compile time once it has this type.
 */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type TextKey = Leaves<typeof en>;
