/** The console's words for penalties (处罚), quarterly reports (报告) and a seller's conduct history: zh-CN first, English as the switch. */
export const zh = {
  'menu.penalties': '处罚',
  'menu.reports': '报告',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'menu.penalties': 'Penalties',
  'menu.reports': 'Reports',
};
