/** The console's words for access requests to confidential and top-secret records and their approvals (调阅申请). */
export const zh = {
  'menu.access': '调阅申请',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.access': 'Access requests',
};
