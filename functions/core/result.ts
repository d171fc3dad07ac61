/** The outcome of reading one piece of free text: a value, or a message saying what is wrong and how to fix it. */
export type TextResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };
