/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL cannot store NUL in text, and no
 * field a person types needs the others, so the API refuses them at parsing and intake refuses them in CSV cells.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
