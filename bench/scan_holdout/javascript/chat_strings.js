// Short UI strings for the team chat widget, per locale.
export const STRINGS = {
  en: { hello: 'Hello', typing: '{name} is typing…', devBadge: 'Developer 👩‍💻' },
  fr: { hello: 'Bonjour', typing: '{name} est en train d’écrire…', question: 'Prêt ?' },
  de: { hello: 'Hallo', typing: '{name} schreibt…' },
  ru: { hello: 'Привет', typing: '{name} печатает…' },
  el: { hello: 'Γεια σου', typing: 'Ο/Η {name} πληκτρολογεί…' },
  ar: { hello: 'مرحبا', typing: '{name} يكتب…' },
  he: { hello: 'שלום', typing: '{name} מקליד/ה…' },
  ja: { hello: 'こんにちは', typing: '{name}さんが入力中…' },
  family: { emoji: '👨‍👩‍👧‍👦', label: 'Family' },
};

export function t(locale, key, vars = {}) {
  const table = STRINGS[locale] || STRINGS[locale.split('-')[0]] || STRINGS.en;
  const template = table[key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export function dirFor(locale) {
  return ['ar', 'he', 'fa'].includes(locale.split('-')[0]) ? 'rtl' : 'ltr';
}
