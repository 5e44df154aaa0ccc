/** The console's words for loans of files taken out (exports, list and evidence downloads) and their return (借阅). */
export const zh = {
  'menu.loans': '借阅',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.loans': 'Loans',
};
