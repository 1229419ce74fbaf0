/** A feature's texts: the English must have exactly the keys of the Japanese. */
export function defineMessages<T extends object>(ja: T, en: T) {
  return { ja, en }
}
