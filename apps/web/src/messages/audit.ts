/** The console's words for the audit trail: search and chain verification (审计). */
export const zh = {
  'menu.audit': '审计',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.audit': 'Audit trail',
};
